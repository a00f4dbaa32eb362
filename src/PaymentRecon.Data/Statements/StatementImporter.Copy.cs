using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Npgsql;
using PaymentRecon.Camt;

namespace PaymentRecon.Data.Statements;

/// <content>Binary COPY of one chunk of entries into <c>recon.entry</c> or the staging table.</content>
public sealed partial class StatementImporter
{
    // Absent parts of recon.entry_transaction.details are left out, not written as null.
    private static readonly JsonSerializerOptions DetailsJsonOptions = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    // Temporary, so staging writes no WAL; dropped with the file's transaction. Holds one statement
    // at a time (truncated between statements). It has the columns of a direct write too
    // (statement_id ... occurrence), so a chunk is encoded once, before it is known where it goes.
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
            statement_id bigint NOT NULL, account_key text NOT NULL, message_type smallint NOT NULL, provisional boolean NOT NULL,
            occurrence integer NOT NULL DEFAULT 1, known_entry_id bigint, clash boolean NOT NULL DEFAULT false
        ) ON COMMIT DROP;
        TRUNCATE stage_entry;
        """;

    // The columns of WriteEntry, in its order: recon.entry and stage_entry have them all (the
    // statement's columns statement_id ... occurrence included, see CreateStaging).
    private static readonly string[] EntryColumns =
    [
        "entry_index", "xml_path", "entry_reference", "amount", "currency", "credit_debit", "reversal", "status", "status_code",
        "booking_date", "value_date", "acct_svcr_ref", "btc_domain", "btc_family", "btc_sub_family", "btc_proprietary", "btc_issuer", "gvc",
        "addtl_info_msg_name_id", "addtl_info_msg_id", "instructed_amount", "instructed_currency", "transaction_amount", "transaction_currency",
        "charges", "batches", "batch_msg_id", "batch_pmt_inf_id", "batch_tx_count", "transaction_count", "additional_entry_info", "detail_state",
        "identity_kind", "identity_key", "fingerprint", "statement_id", "account_key", "message_type", "provisional", "occurrence",
    ];

    // The columns of WriteTransaction, in its order.
    private static readonly string[] TransactionColumns =
    [
        "statement_id", "entry_index", "tx_index", "msg_id", "pmt_inf_id", "instr_id", "end_to_end_id", "tx_id", "mandate_id", "acct_svcr_ref", "clr_sys_ref", "uetr",
        "amount", "currency", "instructed_amount", "instructed_currency", "transaction_amount", "transaction_currency",
        "btc_domain", "btc_family", "btc_sub_family", "btc_proprietary", "btc_issuer", "gvc", "charges",
        "debtor_name", "debtor_iban", "ultimate_debtor_name", "creditor_name", "creditor_iban", "ultimate_creditor_name", "creditor_id", "debtor_agent_bic",
        "purpose_code", "remittance_lines", "creditor_reference", "creditor_reference_type",
        "return_reason_code", "return_reason_proprietary", "return_additional_info", "return_originator_name", "return_original_btc", "additional_tx_info",
        "credit_debit", "details",
    ];

    /// <summary>
    /// COPY into <paramref name="table"/> naming only the columns in <paramref name="kept"/> (bit n:
    /// column n). A column left out must be null in every row of the chunk and have no default but
    /// null, so that leaving it out stores exactly what naming it would: true of every nullable
    /// column of recon.entry, stage_entry and recon.entry_transaction (the one default,
    /// stage_entry.occurrence, belongs to a column that is always written).
    /// </summary>
    private static string CopyCommand(string table, string[] columns, ulong kept)
    {
        var named = new StringBuilder(1024).Append("COPY ").Append(table).Append(" (");
        var first = true;
        for (var i = 0; i < columns.Length; i++)
        {
            if (i < 64 && ((kept >> i) & 1) == 0)
            {
                continue;
            }

            named.Append(first ? "" : ", ").Append(columns[i]);
            first = false;
        }

        return named.Append(") FROM STDIN (FORMAT BINARY)").ToString();
    }

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
        NpgsqlConnection connection, NpgsqlTransaction transaction, StagedStatement staged, StoredReferences stored, EntryKeys[] keys, CancellationToken cancellationToken)
    {
        var accountKey = staged.AccountKey;
        var type = (short)staged.Type;
        if (!stored.Read)
        {
            stored.Greatest = await connection.ExecuteScalarAsync<byte[]?>(new CommandDefinition(
                GreatestReferenceKey, new { accountKey, type }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            stored.Read = true;
        }

        var greatest = stored.Greatest;
        var candidates = keys
            .Select(k => k.Identity)
            .Where(k => k[0] != EntryIdentity.ReferencePrefix || (greatest is not null && k.AsSpan().SequenceCompareTo(greatest) <= 0))
            .ToArray();
        return candidates.Length > 0 && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            AnyKeyKnown, new { accountKey, type, keys = candidates }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private static Task<int> PrepareStagingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(CreateStaging, transaction: transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Writes one chunk's entries, encoded by the reading side (its transactions go to
    /// <see cref="TransactionLoad"/>). Fast path: when no key of the chunk repeats
    /// within it nor is stored for the account already, the entries go straight into
    /// <c>recon.entry</c> (occurrence 1, nothing to dedupe). Otherwise the chunk goes to the staging
    /// table for the set-based merge. Returns the number of entries written straight away.
    /// </summary>
    private static async Task<int> FlushAsync(
        NpgsqlConnection connection, NpgsqlTransaction dbTransaction, StagedStatement staged, StoredReferences stored, PreparedChunk prepared, bool mayGoDirect, CancellationToken cancellationToken)
    {
        var direct = mayGoDirect && !prepared.Repeated
            && !await AnyKeyKnownAsync(connection, dbTransaction, staged, stored, prepared.Keys, cancellationToken).ConfigureAwait(false);
        var entries = CopyCommand(direct ? "recon.entry" : "stage_entry", EntryColumns, prepared.EntryColumnsKept);
        await prepared.EntryRows.CopyIntoAsync(connection, entries, cancellationToken).ConfigureAwait(false);
        if (direct)
        {
            stored.Add(prepared.Keys);
        }

        return direct ? prepared.Keys.Length : 0;
    }

    /// <summary>One row of <see cref="EntryColumns"/>: 40 columns.</summary>
    private static void WriteEntry(BinaryCopyRows w, Entry entry, EntryKeys keys, StagedStatement staged)
    {
        var batch = entry.Batches.Count > 0 ? entry.Batches[0] : null;
        int? batchCount = entry.Batches.Count == 0 || entry.Batches.Any(b => b.NumberOfTransactions is null)
            ? null
            : entry.Batches.Sum(b => b.NumberOfTransactions!.Value);

        w.StartRow(40);
        w.Integer(entry.Index);
        w.Text(entry.XmlPath);
        w.Text(entry.EntryReference);
        w.Numeric(entry.Amount.Amount);
        w.Text(entry.Amount.Currency.Code);
        w.Text(entry.CreditDebit == CreditDebit.Credit ? "CRDT" : "DBIT");
        w.Boolean(entry.Reversal);
        w.Text(StatusCode(entry.Status));
        w.Text(entry.StatusCode);
        w.Date(entry.BookingDate);
        w.Date(entry.ValueDate);
        w.Text(EntryIdentity.StoredReference(entry));
        Code(w, entry.BankTransactionCode, entry.Gvc);
        w.Text(entry.AdditionalInfoMessageNameId);
        w.Text(entry.AdditionalInfoMessageId);
        Amount(w, entry.InstructedAmount);
        Amount(w, entry.TransactionAmount);
        w.Jsonb(ChargesJson(entry.Charges));
        w.Jsonb(BatchesJson(entry.Batches));
        w.Text(batch?.MessageId);
        w.Text(batch?.PaymentInformationId);
        w.Integer(batchCount);
        w.Integer(entry.Transactions.Count);
        w.Text(entry.AdditionalEntryInformation);
        w.Text(DetailState(entry, batchCount));
        w.Text(keys.Kind);
        w.Bytea(keys.Identity);
        w.Bytea(keys.Fingerprint);
        w.Bigint(staged.StatementId);
        w.Text(staged.AccountKey);
        w.Smallint((short)staged.Type);
        w.Boolean(staged.Type == CamtMessageType.Camt052);
        w.Integer(1);
    }

    /// <summary>One row of <see cref="TransactionColumns"/>: 45 columns.</summary>
    private static void WriteTransaction(BinaryCopyRows w, long statementId, int entryIndex, Transaction t)
    {
        var refs = t.References;
        var back = t.Return;
        w.StartRow(45);
        w.Bigint(statementId);
        w.Integer(entryIndex);
        w.Integer(t.Index);
        w.Text(refs.MessageId);
        w.Text(refs.PaymentInformationId);
        w.Text(refs.InstructionId);
        w.Text(refs.EndToEndId);
        w.Text(refs.TransactionId);
        w.Text(refs.MandateId);
        w.Text(refs.AccountServicerReference);
        w.Text(refs.ClearingSystemReference);
        w.Text(refs.Uetr);
        Amount(w, t.Amount);
        Amount(w, t.InstructedAmount);
        Amount(w, t.TransactionAmount);
        Code(w, t.BankTransactionCode, t.BankTransactionCode.Gvc);
        w.Jsonb(ChargesJson(t.Charges));
        w.Text(t.DebtorName);
        w.Text(t.DebtorIban);
        w.Text(t.UltimateDebtorName);
        w.Text(t.CreditorName);
        w.Text(t.CreditorIban);
        w.Text(t.UltimateCreditorName);
        w.Text(t.CreditorId);
        w.Text(t.DebtorAgentBic);
        w.Text(t.PurposeCode);
        w.TextArray(t.RemittanceLines);
        w.Text(t.CreditorReference);
        w.Text(t.CreditorReferenceType);
        w.Text(back?.ReasonCode);
        w.Text(back?.ReasonProprietary);
        w.Text(back?.AdditionalInformation);
        w.Text(back?.OriginatorName);
        w.Text(back?.OriginalBankTransactionCode?.ToString() is { Length: > 0 } original ? original : null);
        w.Text(t.AdditionalTransactionInformation);
        w.Text(t.CreditDebit switch { CreditDebit.Credit => "CRDT", CreditDebit.Debit => "DBIT", _ => null });
        w.Jsonb(DetailsJson(t));
    }

    /// <summary>The rare TxDtls fields (<c>recon.entry_transaction.details</c>); null when none is present.</summary>
    internal static string? DetailsJson(Transaction t)
    {
        var refs = t.References;
        if (refs.ProprietaryType is null && refs.ProprietaryReference is null && t.CounterValueAmount is null
            && t.AnnouncedPostingAmount is null && t.InitiatingPartyName is null)
        {
            return null;
        }

        return JsonSerializer.Serialize(new
        {
            proprietaryReference = refs.ProprietaryType is null && refs.ProprietaryReference is null
                ? null
                : new { type = refs.ProprietaryType, reference = refs.ProprietaryReference },
            counterValueAmount = AmountJson(t.CounterValueAmount),
            announcedPostingAmount = AmountJson(t.AnnouncedPostingAmount),
            initiatingPartyName = t.InitiatingPartyName,
        }, DetailsJsonOptions);

        static object? AmountJson(Money? money) => money is { } m ? new { amount = m.Amount, currency = m.Currency.Code } : null;
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

    /// <summary>
    /// The greatest reference key stored for the statement's account (<see cref="GreatestReferenceKey"/>):
    /// read once per statement, then raised by each chunk written straight into <c>recon.entry</c>.
    /// While a statement streams, those chunks are the only rows added to the account (the account's
    /// advisory lock keeps other imports out; staged chunks reach the table only in the merge), so
    /// this is what the query would answer before every chunk (245 round trips and index scans per
    /// million entries that are no longer made).
    /// </summary>
    private sealed class StoredReferences
    {
        public bool Read { get; set; }

        public byte[]? Greatest { get; set; }

        public void Add(EntryKeys[] keys)
        {
            foreach (var key in keys)
            {
                var identity = key.Identity;
                if (identity[0] == EntryIdentity.ReferencePrefix && (Greatest is null || identity.AsSpan().SequenceCompareTo(Greatest) > 0))
                {
                    Greatest = identity;
                }
            }
        }
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

    /// <summary>Six columns: BkTxCd domain, family, sub-family, proprietary code and issuer, then the GVC.</summary>
    private static void Code(BinaryCopyRows w, BankTransactionCode code, string? gvc)
    {
        w.Text(code.Domain);
        w.Text(code.Family);
        w.Text(code.SubFamily);
        w.Text(code.Proprietary);
        w.Text(code.ProprietaryIssuer);
        w.Text(gvc);
    }

    /// <summary>Two columns: the amount and its currency.</summary>
    private static void Amount(BinaryCopyRows w, Money? value)
    {
        if (value is { } money)
        {
            w.Numeric(money.Amount);
            w.Text(money.Currency.Code);
        }
        else
        {
            w.Null();
            w.Null();
        }
    }
}
