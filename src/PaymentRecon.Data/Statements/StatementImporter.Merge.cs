using System.Globalization;
using Dapper;
using PaymentRecon.Camt;
using PaymentRecon.Inbox;

namespace PaymentRecon.Data.Statements;

/// <content>Set-based dedupe of a staged statement against what is stored, then the insert of what is new.</content>
public sealed partial class StatementImporter
{
    // A statement that gives one AcctSvcrRef to entries of different content does not use it as a
    // turnover id: those entries are identified by their content instead (decided on the statement
    // alone, so a re-delivery decides the same way).
    private const string AmbiguousReferencesToFingerprint =
        """
        UPDATE stage_entry s SET identity_kind = 'fingerprint', identity_key = s.fingerprint
        WHERE s.identity_kind = 'ref' AND s.acct_svcr_ref IN (
            SELECT acct_svcr_ref FROM stage_entry WHERE identity_kind = 'ref'
            GROUP BY acct_svcr_ref
            HAVING count(*) > 1 AND (min(amount) <> max(amount) OR min(credit_debit) <> max(credit_debit)
                OR bool_or(reversal) <> bool_and(reversal) OR min(booking_date) <> max(booking_date)
                OR (count(booking_date) > 0 AND count(booking_date) < count(*))))
        """;

    private const string AnyRepeatedKey =
        "SELECT EXISTS (SELECT 1 FROM stage_entry GROUP BY identity_key HAVING count(*) > 1)";

    // Two identical payments on one day are two payments: equal keys are numbered in file order.
    private const string NumberOccurrences =
        """
        UPDATE stage_entry s SET occurrence = d.occurrence
        FROM (SELECT entry_index, row_number() OVER (PARTITION BY identity_key ORDER BY entry_index) AS occurrence
              FROM stage_entry
              WHERE identity_key IN (SELECT identity_key FROM stage_entry GROUP BY identity_key HAVING count(*) > 1)) d
        WHERE s.entry_index = d.entry_index AND s.occurrence <> d.occurrence
        """;

    // Page 2 of a statement continues the numbering of page 1 (StmtPgntn: same Id and sequence numbers).
    private const string ContinueOccurrencesAcrossPages =
        """
        UPDATE stage_entry s SET occurrence = s.occurrence + p.n
        FROM (SELECT e.identity_key, count(*)::integer AS n
              FROM recon.entry e JOIN recon.statement st ON st.id = e.statement_id
              WHERE st.account_key = @accountKey AND st.message_type = @type AND st.stmt_id = @stmtId AND st.status = 'imported'
                AND st.electronic_seq IS NOT DISTINCT FROM @electronicSeq AND st.legal_seq IS NOT DISTINCT FROM @legalSeq
                AND st.page_number < @pageNumber
              GROUP BY e.identity_key) p
        WHERE s.identity_key = p.identity_key
        """;

    // A known identity with other content (amount, direction, reversal, booking date) is a clash
    // nobody can decide here. camt.052 is exempt: intraday entries change (PDNG, then BOOK) and are
    // never booked; the first version stays until the camt.053 supersedes it.
    private const string FindKnown =
        """
        UPDATE stage_entry s SET known_entry_id = e.id,
            clash = @type <> 52 AND (e.amount <> s.amount OR e.credit_debit <> s.credit_debit OR e.reversal <> s.reversal
                                     OR e.booking_date IS DISTINCT FROM s.booking_date)
        FROM recon.entry e
        WHERE e.account_key = @accountKey AND e.message_type = @type AND e.identity_key = s.identity_key AND e.occurrence = s.occurrence
        """;

    private const string SelectClashes =
        """
        SELECT s.xml_path AS XmlPath, s.acct_svcr_ref AS Reference, s.amount AS Amount, s.credit_debit AS CreditDebit, s.booking_date AS BookingDate,
               e.amount AS KnownAmount, e.credit_debit AS KnownCreditDebit, e.booking_date AS KnownBookingDate, e.xml_path AS KnownXmlPath,
               st.stmt_id AS KnownStatementId, f.file_name AS KnownFileName
        FROM stage_entry s
        JOIN recon.entry e ON e.id = s.known_entry_id
        JOIN recon.statement st ON st.id = e.statement_id
        JOIN recon.import_file f ON f.id = st.import_file_id
        WHERE s.clash
        ORDER BY s.entry_index
        LIMIT 50
        """;

    // Entries of this statement written straight away (fast path) and staged ones may share a key:
    // a reference used for other content turns both into content identities, like a repeat
    // within the staging table does; identical ones continue the numbering after the stored ones.
    private const string AmbiguousAgainstSameStatement =
        """
        WITH ambiguous AS (
            SELECT DISTINCT s.identity_key FROM stage_entry s
            JOIN recon.entry e ON e.account_key = @accountKey AND e.message_type = @type AND e.identity_key = s.identity_key AND e.statement_id = @statementId
            WHERE s.identity_kind = 'ref'
              AND (e.amount <> s.amount OR e.credit_debit <> s.credit_debit OR e.reversal <> s.reversal OR e.booking_date IS DISTINCT FROM s.booking_date)),
        stored AS (
            UPDATE recon.entry e SET identity_kind = 'fingerprint', identity_key = e.fingerprint
            FROM ambiguous a WHERE e.account_key = @accountKey AND e.message_type = @type AND e.identity_key = a.identity_key AND e.statement_id = @statementId
            RETURNING 1)
        UPDATE stage_entry s SET identity_kind = 'fingerprint', identity_key = s.fingerprint, occurrence = 1
        FROM ambiguous a WHERE s.identity_key = a.identity_key
        """;

    private const string ContinueAfterSameStatement =
        """
        UPDATE stage_entry s SET occurrence = s.occurrence + (
            SELECT count(*)::integer FROM recon.entry e
            WHERE e.account_key = @accountKey AND e.message_type = @type AND e.identity_key = s.identity_key AND e.statement_id = @statementId)
        WHERE EXISTS (SELECT 1 FROM recon.entry e
                      WHERE e.account_key = @accountKey AND e.message_type = @type AND e.identity_key = s.identity_key AND e.statement_id = @statementId)
        """;

    private const string InsertNew =
        """
        INSERT INTO recon.entry (
            statement_id, entry_index, xml_path, account_key, message_type, provisional, entry_reference, amount, currency, credit_debit,
            reversal, status, status_code, booking_date, value_date, acct_svcr_ref, btc_domain, btc_family, btc_sub_family, btc_proprietary,
            btc_issuer, gvc, addtl_info_msg_name_id, addtl_info_msg_id, instructed_amount, instructed_currency, transaction_amount,
            transaction_currency, charges, batches, batch_msg_id, batch_pmt_inf_id, batch_tx_count, transaction_count, additional_entry_info,
            detail_state, identity_kind, identity_key, fingerprint, occurrence)
        SELECT @statementId, entry_index, xml_path, @accountKey, @type, @type = 52, entry_reference, amount, currency, credit_debit,
            reversal, status, status_code, booking_date, value_date,
            acct_svcr_ref,
            btc_domain, btc_family, btc_sub_family, btc_proprietary,
            btc_issuer, gvc, addtl_info_msg_name_id, addtl_info_msg_id, instructed_amount, instructed_currency, transaction_amount,
            transaction_currency, charges, batches, batch_msg_id, batch_pmt_inf_id, batch_tx_count, transaction_count, additional_entry_info,
            detail_state, identity_kind, identity_key, fingerprint, occurrence
        FROM stage_entry
        WHERE known_entry_id IS NULL
        """;

    // Entries the statement repeats: their transactions were written with the statement's and are
    // deleted again (TransactionLoad.EndStatementAsync), the stored entry keeps its own.
    private const string KnownEntryIndexes =
        "SELECT entry_index FROM stage_entry WHERE known_entry_id IS NOT NULL";

    private static async Task<MergeResult> MergeEntriesAsync(
        MessageContext context, StatementHeader header, string accountKey, long statementId, long? duplicateOf, int direct, CancellationToken cancellationToken)
    {
        var connection = context.Connection;
        var transaction = context.Transaction;
        var type = (short)context.Header.Type;
        async Task<int> Run(string sql, object? parameters = null) =>
            await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, commandTimeout: 0, cancellationToken: cancellationToken)).ConfigureAwait(false);

        var staged = await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT count(*)::integer FROM stage_entry", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (staged == 0)
        {
            return new MergeResult(direct, 0);
        }

        // Fresh statistics: without them the planner guesses a tiny table and nests loops over a million rows.
        await Run("ANALYZE stage_entry").ConfigureAwait(false);
        // One pass finds whether any key repeats; usually none does and the two fix-ups are skipped.
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(AnyRepeatedKey, transaction: transaction, commandTimeout: 0, cancellationToken: cancellationToken)).ConfigureAwait(false))
        {
            await Run(AmbiguousReferencesToFingerprint).ConfigureAwait(false);
            await Run(NumberOccurrences).ConfigureAwait(false);
        }

        if (header.PageNumber is > 1)
        {
            await Run(ContinueOccurrencesAcrossPages, new
            {
                accountKey,
                type,
                stmtId = header.Id,
                electronicSeq = header.ElectronicSequenceNumber,
                legalSeq = header.LegalSequenceNumber,
                pageNumber = header.PageNumber,
            }).ConfigureAwait(false);
        }

        if (direct > 0)
        {
            if (await Run(AmbiguousAgainstSameStatement, new { accountKey, type, statementId }).ConfigureAwait(false) > 0)
            {
                await Run(NumberOccurrences).ConfigureAwait(false);
            }

            await Run(ContinueAfterSameStatement, new { accountKey, type, statementId }).ConfigureAwait(false);
        }

        var known = await Run(FindKnown, new { accountKey, type }).ConfigureAwait(false);
        if (known > 0)
        {
            var clashes = (await connection.QueryAsync<ClashRow>(new CommandDefinition(SelectClashes, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
            if (clashes.Count > 0)
            {
                throw new ImportFileRejectedException(clashes.Select(Problem).ToList());
            }
        }

        if (duplicateOf is not null)
        {
            if (staged > known)
            {
                throw new ImportFileRejectedException(new ImportProblem(header.XmlPath, null, string.Create(CultureInfo.InvariantCulture,
                    $"Auszug {header.Id} (Konto {MaskedAccount(header)}) wurde bereits übernommen, die erneute Lieferung enthält aber {staged - known} Umsatz/Umsätze, die in der ersten nicht stehen. Unklar, welche Lieferung gilt.")));
            }

            return new MergeResult(0, known);
        }

        var inserted = await Run(InsertNew, new { statementId, accountKey, type }).ConfigureAwait(false);
        return new MergeResult(direct + inserted, known);
    }

    private static ImportProblem Problem(ClashRow clash) =>
        new(clash.XmlPath + "/AcctSvcrRef", clash.Reference, string.Create(CultureInfo.InvariantCulture,
            $"Bankreferenz bereits übernommen mit anderem Inhalt (Auszug {clash.KnownStatementId} aus '{clash.KnownFileName}', {clash.KnownXmlPath}: {Describe(clash.KnownAmount, clash.KnownCreditDebit, clash.KnownBookingDate)}); hier: {Describe(clash.Amount, clash.CreditDebit, clash.BookingDate)}. Unklar, welcher Umsatz gilt."));

    private static string Describe(decimal amount, string creditDebit, DateOnly? bookingDate) =>
        string.Create(CultureInfo.InvariantCulture, $"{amount} {creditDebit.Trim()}, Buchungstag {bookingDate?.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) ?? "-"}");

    private sealed record ClashRow(
        string XmlPath,
        string? Reference,
        decimal Amount,
        string CreditDebit,
        DateOnly? BookingDate,
        decimal KnownAmount,
        string KnownCreditDebit,
        DateOnly? KnownBookingDate,
        string KnownXmlPath,
        string KnownStatementId,
        string KnownFileName);
}
