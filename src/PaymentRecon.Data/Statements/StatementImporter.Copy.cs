using System.Text;
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

    private const string AnyKeyKnown =
        "SELECT EXISTS (SELECT 1 FROM recon.entry WHERE account_key = @accountKey AND message_type = @type AND identity_key = ANY(@keys))";

    private static Task<int> PrepareStagingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(CreateStaging, transaction: transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Writes one chunk. Fast path: when no key of the chunk repeats within it nor is stored for the
    /// account already, the entries go straight into <c>recon.entry</c> (occurrence 1, nothing to
    /// dedupe). Otherwise the chunk goes to the staging table for the set-based merge. Returns the
    /// number of entries written straight away.
    /// </summary>
    private static async Task<int> FlushAsync(
        NpgsqlConnection connection, NpgsqlTransaction dbTransaction, StagedStatement staged, List<Entry> chunk, bool mayGoDirect, StringBuilder scratch, CancellationToken cancellationToken)
    {
        if (chunk.Count == 0)
        {
            return 0;
        }

        var keys = new EntryKeys[chunk.Count];
        var distinct = new HashSet<string>(chunk.Count, StringComparer.Ordinal);
        var repeated = false;
        for (var i = 0; i < chunk.Count; i++)
        {
            var reference = EntryIdentity.UsableReference(chunk[i]);
            var fingerprint = EntryIdentity.Fingerprint(chunk[i], scratch);
            var identity = reference is null ? fingerprint : EntryIdentity.ReferenceKey(reference);
            keys[i] = new EntryKeys(reference is null ? "fingerprint" : "ref", identity, fingerprint);
            repeated |= !distinct.Add(Convert.ToBase64String(identity));
        }

        var direct = mayGoDirect && !repeated && !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(AnyKeyKnown, new
        {
            accountKey = staged.AccountKey,
            type = (short)staged.Type,
            keys = Array.ConvertAll(keys, k => k.Identity),
        }, dbTransaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        await using (var writer = await connection.BeginBinaryImportAsync(direct ? CopyDirect : CopyStaging, cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                await WriteEntryAsync(writer, chunk[i], keys[i], cancellationToken).ConfigureAwait(false);
                if (direct)
                {
                    await writer.WriteAsync(staged.StatementId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    await writer.WriteAsync(staged.AccountKey, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await writer.WriteAsync((short)staged.Type, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
                    await writer.WriteAsync(staged.Type == CamtMessageType.Camt052, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
                    await writer.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
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
                    await WriteTransactionAsync(writer, staged.StatementId, entry.Index, transaction, cancellationToken).ConfigureAwait(false);
                }
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        return direct ? chunk.Count : 0;
    }

    private static async Task WriteEntryAsync(NpgsqlBinaryImporter w, Entry entry, EntryKeys keys, CancellationToken ct)
    {
        var code = entry.BankTransactionCode;
        var batch = entry.Batches.Count > 0 ? entry.Batches[0] : null;
        int? batchCount = entry.Batches.Count == 0 || entry.Batches.Any(b => b.NumberOfTransactions is null)
            ? null
            : entry.Batches.Sum(b => b.NumberOfTransactions!.Value);

        await w.StartRowAsync(ct).ConfigureAwait(false);
        await w.WriteAsync(entry.Index, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
        await w.WriteAsync(entry.XmlPath, NpgsqlDbType.Text, ct).ConfigureAwait(false);
        await Text(w, entry.EntryReference, ct).ConfigureAwait(false);
        await w.WriteAsync(entry.Amount.Amount, NpgsqlDbType.Numeric, ct).ConfigureAwait(false);
        await w.WriteAsync(entry.Amount.Currency.Code, NpgsqlDbType.Char, ct).ConfigureAwait(false);
        await w.WriteAsync(entry.CreditDebit == CreditDebit.Credit ? "CRDT" : "DBIT", NpgsqlDbType.Char, ct).ConfigureAwait(false);
        await w.WriteAsync(entry.Reversal, NpgsqlDbType.Boolean, ct).ConfigureAwait(false);
        await w.WriteAsync(StatusCode(entry.Status), NpgsqlDbType.Text, ct).ConfigureAwait(false);
        await w.WriteAsync(entry.StatusCode, NpgsqlDbType.Text, ct).ConfigureAwait(false);
        await Date(w, entry.BookingDate, ct).ConfigureAwait(false);
        await Date(w, entry.ValueDate, ct).ConfigureAwait(false);
        await Text(w, EntryIdentity.StoredReference(entry), ct).ConfigureAwait(false);
        await Text(w, code.Domain, ct).ConfigureAwait(false);
        await Text(w, code.Family, ct).ConfigureAwait(false);
        await Text(w, code.SubFamily, ct).ConfigureAwait(false);
        await Text(w, code.Proprietary, ct).ConfigureAwait(false);
        await Text(w, code.ProprietaryIssuer, ct).ConfigureAwait(false);
        await Text(w, entry.Gvc, ct).ConfigureAwait(false);
        await Text(w, entry.AdditionalInfoMessageNameId, ct).ConfigureAwait(false);
        await Text(w, entry.AdditionalInfoMessageId, ct).ConfigureAwait(false);
        await Amount(w, entry.InstructedAmount, ct).ConfigureAwait(false);
        await Amount(w, entry.TransactionAmount, ct).ConfigureAwait(false);
        await Json(w, ChargesJson(entry.Charges), ct).ConfigureAwait(false);
        await Json(w, BatchesJson(entry.Batches), ct).ConfigureAwait(false);
        await Text(w, batch?.MessageId, ct).ConfigureAwait(false);
        await Text(w, batch?.PaymentInformationId, ct).ConfigureAwait(false);
        await Integer(w, batchCount, ct).ConfigureAwait(false);
        await w.WriteAsync(entry.Transactions.Count, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
        await Text(w, entry.AdditionalEntryInformation, ct).ConfigureAwait(false);
        await w.WriteAsync(DetailState(entry, batchCount), NpgsqlDbType.Text, ct).ConfigureAwait(false);
        await w.WriteAsync(keys.Kind, NpgsqlDbType.Text, ct).ConfigureAwait(false);
        await w.WriteAsync(keys.Identity, NpgsqlDbType.Bytea, ct).ConfigureAwait(false);
        await w.WriteAsync(keys.Fingerprint, NpgsqlDbType.Bytea, ct).ConfigureAwait(false);
    }

    private static async Task WriteTransactionAsync(NpgsqlBinaryImporter w, long statementId, int entryIndex, Transaction t, CancellationToken ct)
    {
        var refs = t.References;
        var code = t.BankTransactionCode;
        var back = t.Return;
        await w.StartRowAsync(ct).ConfigureAwait(false);
        await w.WriteAsync(statementId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
        await w.WriteAsync(entryIndex, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
        await w.WriteAsync(t.Index, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
        await Text(w, refs.MessageId, ct).ConfigureAwait(false);
        await Text(w, refs.PaymentInformationId, ct).ConfigureAwait(false);
        await Text(w, refs.InstructionId, ct).ConfigureAwait(false);
        await Text(w, refs.EndToEndId, ct).ConfigureAwait(false);
        await Text(w, refs.TransactionId, ct).ConfigureAwait(false);
        await Text(w, refs.MandateId, ct).ConfigureAwait(false);
        await Text(w, refs.AccountServicerReference, ct).ConfigureAwait(false);
        await Text(w, refs.ClearingSystemReference, ct).ConfigureAwait(false);
        await Text(w, refs.Uetr, ct).ConfigureAwait(false);
        await Amount(w, t.Amount, ct).ConfigureAwait(false);
        await Amount(w, t.InstructedAmount, ct).ConfigureAwait(false);
        await Amount(w, t.TransactionAmount, ct).ConfigureAwait(false);
        await Text(w, code.Domain, ct).ConfigureAwait(false);
        await Text(w, code.Family, ct).ConfigureAwait(false);
        await Text(w, code.SubFamily, ct).ConfigureAwait(false);
        await Text(w, code.Proprietary, ct).ConfigureAwait(false);
        await Text(w, code.ProprietaryIssuer, ct).ConfigureAwait(false);
        await Text(w, code.Gvc, ct).ConfigureAwait(false);
        await Json(w, ChargesJson(t.Charges), ct).ConfigureAwait(false);
        await Text(w, t.DebtorName, ct).ConfigureAwait(false);
        await Text(w, t.DebtorIban, ct).ConfigureAwait(false);
        await Text(w, t.UltimateDebtorName, ct).ConfigureAwait(false);
        await Text(w, t.CreditorName, ct).ConfigureAwait(false);
        await Text(w, t.CreditorIban, ct).ConfigureAwait(false);
        await Text(w, t.UltimateCreditorName, ct).ConfigureAwait(false);
        await Text(w, t.CreditorId, ct).ConfigureAwait(false);
        await Text(w, t.DebtorAgentBic, ct).ConfigureAwait(false);
        await Text(w, t.PurposeCode, ct).ConfigureAwait(false);
        var lines = t.RemittanceLines as string[] ?? [.. t.RemittanceLines];
        await w.WriteAsync(lines, NpgsqlDbType.Array | NpgsqlDbType.Text, ct).ConfigureAwait(false);
        await Text(w, t.CreditorReference, ct).ConfigureAwait(false);
        await Text(w, t.CreditorReferenceType, ct).ConfigureAwait(false);
        await Text(w, back?.ReasonCode, ct).ConfigureAwait(false);
        await Text(w, back?.ReasonProprietary, ct).ConfigureAwait(false);
        await Text(w, back?.AdditionalInformation, ct).ConfigureAwait(false);
        await Text(w, back?.OriginatorName, ct).ConfigureAwait(false);
        await Text(w, back?.OriginalBankTransactionCode?.ToString() is { Length: > 0 } original ? original : null, ct).ConfigureAwait(false);
        await Text(w, t.AdditionalTransactionInformation, ct).ConfigureAwait(false);
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

    private static Task Text(NpgsqlBinaryImporter w, string? value, CancellationToken ct) =>
        value is null ? w.WriteNullAsync(ct) : w.WriteAsync(value, NpgsqlDbType.Text, ct);

    private static Task Json(NpgsqlBinaryImporter w, string? value, CancellationToken ct) =>
        value is null ? w.WriteNullAsync(ct) : w.WriteAsync(value, NpgsqlDbType.Jsonb, ct);

    private static Task Date(NpgsqlBinaryImporter w, DateOnly? value, CancellationToken ct) =>
        value is { } date ? w.WriteAsync(date, NpgsqlDbType.Date, ct) : w.WriteNullAsync(ct);

    private static Task Integer(NpgsqlBinaryImporter w, int? value, CancellationToken ct) =>
        value is { } number ? w.WriteAsync(number, NpgsqlDbType.Integer, ct) : w.WriteNullAsync(ct);

    /// <summary>Two columns: the amount and its currency.</summary>
    private static async Task Amount(NpgsqlBinaryImporter w, Money? value, CancellationToken ct)
    {
        if (value is { } money)
        {
            await w.WriteAsync(money.Amount, NpgsqlDbType.Numeric, ct).ConfigureAwait(false);
            await w.WriteAsync(money.Currency.Code, NpgsqlDbType.Char, ct).ConfigureAwait(false);
        }
        else
        {
            await w.WriteNullAsync(ct).ConfigureAwait(false);
            await w.WriteNullAsync(ct).ConfigureAwait(false);
        }
    }
}
