using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using PaymentRecon.Camt;

namespace PaymentRecon.Data.Statements;

/// <content>Binary COPY of one chunk of entries into the staging table and of their transactions into their table.</content>
public sealed partial class StatementImporter
{
    // Temporary, so staging writes no WAL; dropped with the file's transaction. Holds one statement
    // at a time (truncated between statements).
    private const string CreateStaging =
        """
        CREATE TEMP TABLE IF NOT EXISTS stage_entry (
            entry_index integer NOT NULL, xml_path text NOT NULL, entry_reference text,
            amount numeric NOT NULL, currency char(3) NOT NULL, credit_debit char(4) NOT NULL, reversal boolean NOT NULL,
            status text NOT NULL, status_code text NOT NULL, booking_date date, value_date date, acct_svcr_ref text,
            btc_domain text, btc_family text, btc_sub_family text, btc_proprietary text, btc_issuer text, gvc text,
            addtl_info_msg_name_id text, addtl_info_msg_id text,
            instructed_amount numeric, instructed_currency char(3), transaction_amount numeric, transaction_currency char(3),
            charges jsonb, batches jsonb, batch_msg_id text, batch_pmt_inf_id text, batch_tx_count integer,
            transaction_count integer NOT NULL, additional_entry_info text, detail_state text NOT NULL,
            identity_kind text NOT NULL, identity_key bytea NOT NULL, fingerprint bytea NOT NULL,
            occurrence integer NOT NULL DEFAULT 1, known_entry_id bigint, clash boolean NOT NULL DEFAULT false
        ) ON COMMIT DROP;
        TRUNCATE stage_entry;
        """;

    private const string CopyStaging =
        """
        COPY stage_entry (
            entry_index, xml_path, entry_reference, amount, currency, credit_debit, reversal, status, status_code,
            booking_date, value_date, acct_svcr_ref, btc_domain, btc_family, btc_sub_family, btc_proprietary, btc_issuer, gvc,
            addtl_info_msg_name_id, addtl_info_msg_id, instructed_amount, instructed_currency, transaction_amount, transaction_currency,
            charges, batches, batch_msg_id, batch_pmt_inf_id, batch_tx_count, transaction_count, additional_entry_info, detail_state,
            identity_kind, identity_key, fingerprint)
        FROM STDIN (FORMAT BINARY)
        """;

    private const string CopyTransactions =
        """
        COPY recon.entry_transaction (
            statement_id, entry_index, tx_index, msg_id, pmt_inf_id, instr_id, end_to_end_id, tx_id, mandate_id, acct_svcr_ref, clr_sys_ref, uetr,
            amount, currency, instructed_amount, instructed_currency, transaction_amount, transaction_currency,
            btc_domain, btc_family, btc_sub_family, btc_proprietary, btc_issuer, gvc, charges,
            debtor_name, debtor_iban, ultimate_debtor_name, creditor_name, creditor_iban, ultimate_creditor_name, creditor_id, debtor_agent_bic,
            purpose_code, remittance_lines, creditor_reference, creditor_reference_type,
            return_reason_code, return_reason_proprietary, return_additional_info, return_originator_name, return_original_btc, additional_tx_info)
        FROM STDIN (FORMAT BINARY)
        """;

    // The same columns as CopyStaging, then what the staging table leaves to the merge.
    private const string CopyDirect =
        """
        COPY recon.entry (
            entry_index, xml_path, entry_reference, amount, currency, credit_debit, reversal, status, status_code,
            booking_date, value_date, acct_svcr_ref, btc_domain, btc_family, btc_sub_family, btc_proprietary, btc_issuer, gvc,
            addtl_info_msg_name_id, addtl_info_msg_id, instructed_amount, instructed_currency, transaction_amount, transaction_currency,
            charges, batches, batch_msg_id, batch_pmt_inf_id, batch_tx_count, transaction_count, additional_entry_info, detail_state,
            identity_kind, identity_key, fingerprint, statement_id, account_key, message_type, provisional, occurrence)
        FROM STDIN (FORMAT BINARY)
        """;

    // Without statistics (a fresh table, or rows this transaction just wrote) the planner prices
    // 4,096 keys at 0.5 % each and scans the whole table for every chunk: quadratic. The index
    // answers each key in a few page reads, so sequential scans are switched off for this probe.
    private const string AnyKeyKnown =
        """
        SET LOCAL enable_seqscan = off;
        SELECT EXISTS (SELECT 1 FROM recon.entry WHERE account_key = @accountKey AND message_type = @type AND identity_key = ANY(@keys));
        RESET enable_seqscan;
        """;

    // The greatest reference key stored for the account: banks number AcctSvcrRef in ascending
    // order, so a new day's references are all greater and need no index probe at all.
    private const string GreatestReferenceKey =
        """
        SET LOCAL enable_seqscan = off;
        SELECT identity_key FROM recon.entry WHERE account_key = @accountKey AND message_type = @type AND identity_key < '\x02'::bytea
        ORDER BY identity_key DESC LIMIT 1;
        RESET enable_seqscan;
        """;

    private static async Task<bool> AnyKeyKnownAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, StagedStatement staged, EntryKeys[] keys, CancellationToken cancellationToken)
    {
        var accountKey = staged.AccountKey;
        var type = (short)staged.Type;
        var greatest = await connection.ExecuteScalarAsync<byte[]?>(new CommandDefinition(
            GreatestReferenceKey, new { accountKey, type }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var candidates = keys
            .Select(k => k.Identity)
            .Where(k => k[0] != EntryIdentity.ReferencePrefix || (greatest is not null && k.AsSpan().SequenceCompareTo(greatest) <= 0))
            .ToArray();
        return candidates.Length > 0 && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            AnyKeyKnown, new { accountKey, type, keys = candidates }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private static Task<int> PrepareStagingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(CreateStaging, transaction: transaction, cancellationToken: cancellationToken));

    // Values are written synchronously: the importer buffers them and only touches the socket when
    // its buffer is full; an awaited call per value cost several microseconds per entry, seconds
    // per million. Starting and completing each COPY stays asynchronous.

    /// <summary>
    /// Writes one chunk. Fast path: when no key of the chunk repeats within it nor is stored for the
    /// account already, the entries go straight into <c>recon.entry</c> (occurrence 1, nothing to
    /// dedupe). Otherwise the chunk goes to the staging table for the set-based merge. Returns the
    /// number of entries written straight away.
    /// </summary>
    private static async Task<int> FlushAsync(
        NpgsqlConnection connection, NpgsqlTransaction dbTransaction, StagedStatement staged, PreparedChunk prepared, bool mayGoDirect, CancellationToken cancellationToken)
    {
        var chunk = prepared.Entries;
        var keys = prepared.Keys;
        var direct = mayGoDirect && !prepared.Repeated
            && !await AnyKeyKnownAsync(connection, dbTransaction, staged, keys, cancellationToken).ConfigureAwait(false);

        await using (var writer = await connection.BeginBinaryImportAsync(direct ? CopyDirect : CopyStaging, cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                WriteEntry(writer, chunk[i], keys[i], cancellationToken);
                if (direct)
                {
                    writer.Write(staged.StatementId, NpgsqlDbType.Bigint);
                    writer.Write(staged.AccountKey, NpgsqlDbType.Text);
                    writer.Write((short)staged.Type, NpgsqlDbType.Smallint);
                    writer.Write(staged.Type == CamtMessageType.Camt052, NpgsqlDbType.Boolean);
                    writer.Write(1, NpgsqlDbType.Integer);
                }
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        // A statement already imported (mayGoDirect false) only needs its entries compared.
        if (mayGoDirect && !chunk.TrueForAll(e => e.Transactions.Count == 0))
        {
            await using var writer = await connection.BeginBinaryImportAsync(CopyTransactions, cancellationToken).ConfigureAwait(false);
            foreach (var entry in chunk)
            {
                foreach (var transaction in entry.Transactions)
                {
                    WriteTransaction(writer, staged.StatementId, entry.Index, transaction, cancellationToken);
                }
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        return direct ? chunk.Count : 0;
    }

    private static void WriteEntry(NpgsqlBinaryImporter w, Entry entry, EntryKeys keys, CancellationToken ct)
    {
        var batch = entry.Batches.Count > 0 ? entry.Batches[0] : null;
        int? batchCount = entry.Batches.Count == 0 || entry.Batches.Any(b => b.NumberOfTransactions is null)
            ? null
            : entry.Batches.Sum(b => b.NumberOfTransactions!.Value);

        ct.ThrowIfCancellationRequested();
        w.StartRow();
        w.Write(entry.Index, NpgsqlDbType.Integer);
        w.Write(entry.XmlPath, NpgsqlDbType.Text);
        Text(w, entry.EntryReference);
        w.Write(entry.Amount.Amount, NpgsqlDbType.Numeric);
        w.Write(entry.Amount.Currency.Code, NpgsqlDbType.Char);
        w.Write(entry.CreditDebit == CreditDebit.Credit ? "CRDT" : "DBIT", NpgsqlDbType.Char);
        w.Write(entry.Reversal, NpgsqlDbType.Boolean);
        w.Write(StatusCode(entry.Status), NpgsqlDbType.Text);
        w.Write(entry.StatusCode, NpgsqlDbType.Text);
        Date(w, entry.BookingDate);
        Date(w, entry.ValueDate);
        Text(w, EntryIdentity.StoredReference(entry));
        Code(w, entry.BankTransactionCode, entry.Gvc);
        Text(w, entry.AdditionalInfoMessageNameId);
        Text(w, entry.AdditionalInfoMessageId);
        Amount(w, entry.InstructedAmount);
        Amount(w, entry.TransactionAmount);
        Json(w, ChargesJson(entry.Charges));
        Json(w, BatchesJson(entry.Batches));
        Text(w, batch?.MessageId);
        Text(w, batch?.PaymentInformationId);
        Integer(w, batchCount);
        w.Write(entry.Transactions.Count, NpgsqlDbType.Integer);
        Text(w, entry.AdditionalEntryInformation);
        w.Write(DetailState(entry, batchCount), NpgsqlDbType.Text);
        w.Write(keys.Kind, NpgsqlDbType.Text);
        w.Write(keys.Identity, NpgsqlDbType.Bytea);
        w.Write(keys.Fingerprint, NpgsqlDbType.Bytea);
    }

    private static void WriteTransaction(NpgsqlBinaryImporter w, long statementId, int entryIndex, Transaction t, CancellationToken ct)
    {
        var refs = t.References;
        var back = t.Return;
        ct.ThrowIfCancellationRequested();
        w.StartRow();
        w.Write(statementId, NpgsqlDbType.Bigint);
        w.Write(entryIndex, NpgsqlDbType.Integer);
        w.Write(t.Index, NpgsqlDbType.Integer);
        Text(w, refs.MessageId);
        Text(w, refs.PaymentInformationId);
        Text(w, refs.InstructionId);
        Text(w, refs.EndToEndId);
        Text(w, refs.TransactionId);
        Text(w, refs.MandateId);
        Text(w, refs.AccountServicerReference);
        Text(w, refs.ClearingSystemReference);
        Text(w, refs.Uetr);
        Amount(w, t.Amount);
        Amount(w, t.InstructedAmount);
        Amount(w, t.TransactionAmount);
        Code(w, t.BankTransactionCode, t.BankTransactionCode.Gvc);
        Json(w, ChargesJson(t.Charges));
        Text(w, t.DebtorName);
        Text(w, t.DebtorIban);
        Text(w, t.UltimateDebtorName);
        Text(w, t.CreditorName);
        Text(w, t.CreditorIban);
        Text(w, t.UltimateCreditorName);
        Text(w, t.CreditorId);
        Text(w, t.DebtorAgentBic);
        Text(w, t.PurposeCode);
        var lines = t.RemittanceLines as string[] ?? [.. t.RemittanceLines];
        w.Write(lines, NpgsqlDbType.Array | NpgsqlDbType.Text);
        Text(w, t.CreditorReference);
        Text(w, t.CreditorReferenceType);
        Text(w, back?.ReasonCode);
        Text(w, back?.ReasonProprietary);
        Text(w, back?.AdditionalInformation);
        Text(w, back?.OriginatorName);
        Text(w, back?.OriginalBankTransactionCode?.ToString() is { Length: > 0 } original ? original : null);
        Text(w, t.AdditionalTransactionInformation);
    }

    /// <summary>How the entry's items reach the matching; see <c>recon.entry.detail_state</c>.</summary>
    internal static string DetailState(Entry entry, int? batchCount)
    {
        var collective = entry.IsBatch || entry.AdditionalInfoMessageId is not null;
        if (!collective)
        {
            return "single";
        }

        var count = entry.Transactions.Count;
        var resolved = count > 0 && (batchCount is { } expected ? count == expected : count > 1);
        if (!resolved)
        {
            return "awaiting";
        }

        decimal sum = 0m;
        foreach (var transaction in entry.Transactions)
        {
            if (transaction.Amount is not { } amount || amount.Currency != entry.Amount.Currency)
            {
                return "items-inconsistent";
            }

            sum += amount.Amount;
        }

        return sum == entry.Amount.Amount ? "items" : "items-inconsistent";
    }

    private readonly record struct EntryKeys(string Kind, byte[] Identity, byte[] Fingerprint);

    private static string StatusCode(EntryStatus status) => status switch
    {
        EntryStatus.Booked => "BOOK",
        EntryStatus.Pending => "PDNG",
        EntryStatus.Information => "INFO",
        EntryStatus.Future => "FUTR",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static string? ChargesJson(IReadOnlyList<Charge> charges) =>
        charges.Count == 0
            ? null
            : JsonSerializer.Serialize(charges.Select(c => new { amount = c.Amount.Amount, currency = c.Amount.Currency.Code, included = c.IncludedInEntryAmount, type = c.TypeCode, bearer = c.Bearer }));

    private static string? BatchesJson(IReadOnlyList<BatchInformation> batches) =>
        batches.Count == 0
            ? null
            : JsonSerializer.Serialize(batches.Select(b => new
            {
                msgId = b.MessageId,
                pmtInfId = b.PaymentInformationId,
                nbOfTxs = b.NumberOfTransactions,
                totalAmount = b.TotalAmount?.Amount,
                currency = b.TotalAmount?.Currency.Code,
            }));

    private static void Text(NpgsqlBinaryImporter w, string? value) => w.WriteNullable(value);

    /// <summary>Six columns: BkTxCd domain, family, sub-family, proprietary code and issuer, then the GVC.</summary>
    private static void Code(NpgsqlBinaryImporter w, BankTransactionCode code, string? gvc)
    {
        Text(w, code.Domain);
        Text(w, code.Family);
        Text(w, code.SubFamily);
        Text(w, code.Proprietary);
        Text(w, code.ProprietaryIssuer);
        Text(w, gvc);
    }

    private static void Json(NpgsqlBinaryImporter w, string? value) => w.WriteNullable(value, NpgsqlDbType.Jsonb);

    private static void Date(NpgsqlBinaryImporter w, DateOnly? value) => w.WriteNullable(value, NpgsqlDbType.Date);

    private static void Integer(NpgsqlBinaryImporter w, int? value) => w.WriteNullable(value, NpgsqlDbType.Integer);

    /// <summary>Two columns: the amount and its currency.</summary>
    private static void Amount(NpgsqlBinaryImporter w, Money? value)
    {
        if (value is { } money)
        {
            w.Write(money.Amount, NpgsqlDbType.Numeric);
            w.Write(money.Currency.Code, NpgsqlDbType.Char);
        }
        else
        {
            w.WriteNull();
            w.WriteNull();
        }
    }
}
