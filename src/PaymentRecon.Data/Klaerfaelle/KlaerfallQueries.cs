using System.Globalization;
using Dapper;
using Npgsql;
using PaymentRecon.Data.Reconciliation;
using PaymentRecon.Klaerfaelle;

namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>
/// Reads the Klärfälle: the worklist (filters, sort, paging, totals), the open count for the menu
/// badge, a Klärfall's page, the Soll search, and the audit trail (also as CSV for the auditors).
/// </summary>
public sealed class KlaerfallQueries
{
    private const int MaxPageSize = 500;

    // The filtered worklist, narrow: only what the filters, totals and sort keys need, so sorting
    // 10,000 rows moves no remittance texts or suggestions (that made a sort by payer take a second).
    // Every filter is "parameter is null or it holds". Shared by the totals and the page query (one
    // round trip, two statements); the page's wide columns are joined for its rows only.
    private const string Filtered = """
        WITH filtered AS (
            SELECT k.id, k.betrag, i.booking_date, (@today::date - i.opened_on) AS age_days, i.payer_name
            FROM recon.klaerfall k
            JOIN recon.klaerfall_info i ON i.klaerfall_id = k.id
            WHERE k.status = @status
              AND (@bookedFrom::date IS NULL OR i.booking_date >= @bookedFrom::date)
              AND (@bookedTo::date IS NULL OR i.booking_date <= @bookedTo::date)
              AND (@amountFrom::numeric IS NULL OR k.betrag >= @amountFrom::numeric)
              AND (@amountTo::numeric IS NULL OR k.betrag <= @amountTo::numeric)
              AND (@account::text IS NULL OR i.account_iban = @account::text OR i.account_key = @account::text)
              AND (@rule::text IS NULL OR k.rule = @rule::text)
              AND (@minAge::integer IS NULL OR i.opened_on <= @today::date - @minAge::integer)
              AND (@maxAge::integer IS NULL OR i.opened_on >= @today::date - @maxAge::integer)
              AND (@assigned::text IS NULL OR (@assigned::text = '-' AND k.assigned_to IS NULL) OR k.assigned_to = @assigned::text)
              AND (@text::text IS NULL OR i.search_text LIKE lower(@text::text) OR i.payer_iban LIKE @ibanText::text)
              AND (@pending::boolean IS NULL
                   OR EXISTS (SELECT 1 FROM recon.klaerfall_proposal p WHERE p.klaerfall_id = k.id AND p.status = 'pending') = @pending::boolean)
        )
        """;

    private const string Totals = "SELECT count(*)::integer AS total_count, coalesce(sum(betrag), 0) AS total_amount FROM filtered;";

    private const string PageOpen = ", page AS (SELECT id, row_number() OVER (";

    private const string PageClose = """
        ) AS position FROM filtered
        """;

    private const string PageColumns = """
        )
        SELECT k.id, k.status, k.betrag, i.amount AS receipt_amount, i.booking_date, i.value_date, i.account_iban, i.payer_name, i.payer_iban,
               i.remittance, k.rule, k.assigned_to, i.opened_on, (@today::date - i.opened_on) AS age_days,
               (SELECT p.id FROM recon.klaerfall_proposal p WHERE p.klaerfall_id = k.id AND p.status = 'pending') AS pending_proposal_id,
               k.suggestions::text AS suggestions
        FROM page
        JOIN recon.klaerfall k ON k.id = page.id
        JOIN recon.klaerfall_info i ON i.klaerfall_id = k.id
        ORDER BY page.position;
        """;

    private const string Paging = " LIMIT @limit OFFSET @offset";

    private const string SollColumns = """
        SELECT id AS soll_id, kassenzeichen, verfahren, anordnungs_nr, betrag, open_amount, faellig, schuldner, haushaltsstelle, text
        FROM recon.soll
        """;

    private const string AuditOfKlaerfall = """
        SELECT a.at, a.klaerfall_id, 'manuell' AS source, a.actor, a.action, a.reason_code, a.note, NULL AS rule,
               a.before::text AS before, a.after::text AS after, a.proposal_id
        FROM recon.klaerfall_audit a
        WHERE a.klaerfall_id = @id
        UNION ALL
        SELECT d.decided_at, k.id, CASE WHEN d.kind = 'manual' THEN 'manuell' ELSE 'automatisch' END, coalesce(d.decided_by, 'PaymentRecon'),
               d.kind, NULL, array_to_string(d.reasons, E'\n'), d.rule, NULL, NULL, NULL
        FROM recon.klaerfall k
        JOIN recon.decision d ON d.receipt_id = k.receipt_id
        WHERE k.id = @id
        ORDER BY 1, 3
        """;

    private const string AuditOfPeriod = """
        SELECT a.at, a.klaerfall_id, 'manuell' AS source, a.actor, a.action, a.reason_code, a.note, NULL AS rule,
               a.before::text AS before, a.after::text AS after, a.proposal_id
        FROM recon.klaerfall_audit a
        WHERE a.at >= @from AND a.at < @to
        UNION ALL
        SELECT d.decided_at, k.id, CASE WHEN d.kind = 'manual' THEN 'manuell' ELSE 'automatisch' END, coalesce(d.decided_by, 'PaymentRecon'),
               d.kind, NULL, array_to_string(d.reasons, E'\n'), d.rule, NULL, NULL, NULL
        FROM recon.klaerfall k
        JOIN recon.decision d ON d.receipt_id = k.receipt_id
        WHERE d.decided_at >= @from AND d.decided_at < @to
        ORDER BY 1, 2, 3
        """;

    private readonly NpgsqlDataSource _dataSource;

    public KlaerfallQueries(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Open Klärfälle: the number for the menu badge (an index-only count).</summary>
    public async Task<int> OpenCountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*)::integer FROM recon.klaerfall WHERE status = 'offen'", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>One page of the worklist, with count and sum of everything the filter matches.</summary>
    public async Task<KlaerfallPage> ListAsync(KlaerfallFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var pageSize = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        var page = Math.Max(filter.Page, 1);
        var text = string.IsNullOrWhiteSpace(filter.Text) ? null : "%" + EscapeLike(filter.Text.Trim()) + "%";
        var parameters = new
        {
            status = filter.Status,
            today = filter.Today ?? DateOnly.FromDateTime(DateTime.Today),
            bookedFrom = filter.BookedFrom,
            bookedTo = filter.BookedTo,
            amountFrom = filter.AmountFrom,
            amountTo = filter.AmountTo,
            account = string.IsNullOrWhiteSpace(filter.AccountIban) ? null : filter.AccountIban.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant(),
            rule = string.IsNullOrWhiteSpace(filter.Rule) ? null : filter.Rule.Trim(),
            minAge = filter.MinAgeDays,
            maxAge = filter.MaxAgeDays,
            assigned = string.IsNullOrWhiteSpace(filter.AssignedTo) ? null : filter.AssignedTo.Trim(),
            text,
            // An IBAN is stored without spaces; a searched one is often typed with them.
            ibanText = text?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant(),
            pending = filter.PendingApproval,
            limit = pageSize,
            offset = (long)(page - 1) * pageSize,
        };

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            Filtered + Totals + Filtered + PageOpen + OrderBy(filter.Sort, filter.Descending) + PageClose + OrderBy(filter.Sort, filter.Descending) + Paging + PageColumns,
            parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var (totalCount, totalAmount) = await results.ReadSingleAsync<(int, decimal)>().ConfigureAwait(false);
        var rows = await results.ReadAsync<ListRow>().ConfigureAwait(false);
        return new KlaerfallPage([.. rows.Select(r => r.ToRow())], totalCount, totalAmount, page, pageSize);
    }

    /// <summary>The distinct values the worklist's choice filters offer: accounts, rules, assigned clerks (of open Klärfälle).</summary>
    public async Task<(IReadOnlyList<string> Accounts, IReadOnlyList<string> Rules, IReadOnlyList<string> AssignedTo)> FilterValuesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            """
            SELECT DISTINCT coalesce(i.account_iban, i.account_key) FROM recon.klaerfall k JOIN recon.klaerfall_info i ON i.klaerfall_id = k.id WHERE k.status = 'offen' ORDER BY 1;
            SELECT DISTINCT rule FROM recon.klaerfall WHERE status = 'offen' ORDER BY 1;
            SELECT DISTINCT assigned_to FROM recon.klaerfall WHERE status = 'offen' AND assigned_to IS NOT NULL ORDER BY 1;
            """,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var accounts = (await results.ReadAsync<string>().ConfigureAwait(false)).ToList();
        var rules = (await results.ReadAsync<string>().ConfigureAwait(false)).ToList();
        var assigned = (await results.ReadAsync<string>().ConfigureAwait(false)).ToList();
        return (accounts, rules, assigned);
    }

    /// <summary>A Klärfall's page; null when there is no such Klärfall.</summary>
    public async Task<KlaerfallDetail?> DetailAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // One snapshot for all the parts, and the receipt read through the reconciliation's own mapping.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var head = await connection.QuerySingleOrDefaultAsync<DetailRow>(new CommandDefinition(
            """
            SELECT k.id, k.status, k.betrag, k.rule, k.reasons, k.assigned_to, i.opened_on, k.opened_run_id, k.closed_run_id, k.receipt_id,
                   k.suggestions::text AS suggestions, e.xml_path AS entry_xml_path, s.stmt_id, s.electronic_seq, s.legal_seq, s.account_iban,
                   s.account_key, s.message_type, f.file_name, f.archive_path, encode(f.sha256, 'hex') AS file_sha256
            FROM recon.klaerfall k
            JOIN recon.klaerfall_info i ON i.klaerfall_id = k.id
            JOIN recon.entry e ON e.id = k.entry_id
            JOIN recon.statement s ON s.id = e.statement_id
            JOIN recon.import_file f ON f.id = s.import_file_id
            WHERE k.id = @id
            """,
            new { id }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (head is null)
        {
            return null;
        }

        var store = new ReconciliationStore(connection, transaction);
        // A collective total still waiting for its camt.054 is no receipt yet; the entry stands in for it.
        var receipt = ((await KlaerfallReceipts.RowsAsync(connection, transaction, [head.ReceiptId], cancellationToken).ConfigureAwait(false)).SingleOrDefault()
            ?? await store.CollectiveRowAsync(ReceiptKey.EntryId(head.ReceiptId), cancellationToken).ConfigureAwait(false)).Receipt;
        var suggestions = SuggestionsJson.Parse(head.Suggestions);
        var openSoll = suggestions.Count == 0
            ? []
            : (await connection.QueryAsync<SollHit>(new CommandDefinition(
                SollColumns + " WHERE kassenzeichen = ANY(@kassenzeichen) AND betrag > 0 AND open_amount > 0 ORDER BY kassenzeichen, faellig, anordnungs_nr, id",
                new { kassenzeichen = suggestions.Select(s => s.Kassenzeichen).ToArray() }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        var proposals = await ProposalsAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
        var audit = await ReadAuditAsync(connection, transaction, AuditOfKlaerfall, new { id }, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        return new KlaerfallDetail
        {
            Id = head.Id,
            Status = head.Status,
            Betrag = head.Betrag,
            Rule = head.Rule,
            Reasons = head.Reasons,
            AssignedTo = head.AssignedTo,
            OpenedOn = head.OpenedOn,
            OpenedRunId = head.OpenedRunId,
            ClosedRunId = head.ClosedRunId,
            ReceiptId = head.ReceiptId,
            ReceiptAmount = receipt.Amount.Amount,
            Currency = receipt.Amount.Currency.Code,
            BookingDate = receipt.BookingDate,
            ValueDate = receipt.ValueDate,
            PayerName = receipt.PayerName,
            PayerIban = receipt.PayerIban,
            RemittanceLines = receipt.RemittanceLines,
            EndToEndId = receipt.EndToEndId,
            AccountServicerReference = receipt.AccountServicerReference,
            MandateId = receipt.MandateId,
            CreditorReference = receipt.CreditorReference,
            BankTransactionCode = receipt.BankTransactionCode == Camt.BankTransactionCode.Empty ? null : receipt.BankTransactionCode.ToString(),
            AdditionalInformation = receipt.AdditionalInformation,
            EntryXmlPath = head.EntryXmlPath,
            StatementId = head.StmtId,
            ElectronicSequence = head.ElectronicSeq,
            LegalSequence = head.LegalSeq,
            AccountIban = head.AccountIban,
            AccountKey = head.AccountKey,
            MessageType = string.Create(CultureInfo.InvariantCulture, $"camt.0{head.MessageType}"),
            FileName = head.FileName,
            ArchivePath = head.ArchivePath,
            FileSha256 = head.FileSha256,
            Suggestions = [.. suggestions.Select(s => s with { OpenSoll = [.. openSoll.Where(o => o.Kassenzeichen == s.Kassenzeichen)] })],
            Proposals = proposals,
            Notes = [.. audit.Where(a => a.Action == AuditActions.Note)],
            Audit = audit,
        };
    }

    /// <summary>A proposal by id (for the approval page and the command line); null when unknown.</summary>
    public async Task<KlaerfallProposal?> ProposalAsync(long proposalId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<ProposalRow>(new CommandDefinition(
            ProposalSelect + " WHERE id = @proposalId", new { proposalId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToProposal();
    }

    /// <summary>
    /// Open Soll positions by Kassenzeichen (any spelling: separators and case do not matter; a
    /// beginning of one finds it too), by amount (what is open or the original amount; German or
    /// invariant notation) or by a part of the debtor's name. At most <paramref name="limit"/> rows.
    /// </summary>
    public async Task<IReadOnlyList<SollHit>> SearchSollAsync(string query, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = query.Trim();
        if (text.Length == 0)
        {
            return [];
        }

        var kassenzeichen = KassenzeichenText.Normalise(text);
        // "Az 5300-000..." normalises to AZ5300000...: its digits alone are the numeric Kassenzeichen.
        var digits = new string([.. kassenzeichen.Where(char.IsAsciiDigit)]);
        var amount = ParseAmount(text);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<SollHit>(new CommandDefinition(
            SollColumns + """
             WHERE betrag > 0 AND open_amount > 0
               AND (kassenzeichen = @kassenzeichen OR kassenzeichen = @digits
                    OR (length(@kassenzeichen) >= 4 AND kassenzeichen LIKE @kassenzeichenPrefix)
                    OR (length(@digits) >= 4 AND kassenzeichen LIKE @digitsPrefix)
                    OR (@amount::numeric IS NOT NULL AND (open_amount = @amount::numeric OR betrag = @amount::numeric))
                    OR (length(@name) >= 3 AND schuldner ILIKE @namePattern))
             ORDER BY kassenzeichen IN (@kassenzeichen, @digits) DESC, kassenzeichen, faellig, anordnungs_nr, id
             LIMIT @limit
            """,
            new
            {
                kassenzeichen,
                kassenzeichenPrefix = EscapeLike(kassenzeichen) + "%",
                digits,
                digitsPrefix = digits + "%",
                amount,
                name = text,
                namePattern = "%" + EscapeLike(text) + "%",
                limit = Math.Clamp(limit, 1, MaxPageSize),
            },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToList();
    }

    /// <summary>The audit trail of one Klärfall: manual actions and the matching's decisions, oldest first.</summary>
    public async Task<IReadOnlyList<KlaerfallAuditEntry>> AuditAsync(long klaerfallId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAuditAsync(connection, null, AuditOfKlaerfall, new { id = klaerfallId }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The audit trail of every Klärfall between two instants (from inclusive, to exclusive).</summary>
    public async Task<IReadOnlyList<KlaerfallAuditEntry>> AuditAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAuditAsync(connection, null, AuditOfPeriod, new { from = from.UtcDateTime, to = to.UtcDateTime }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the audit trail of the days <paramref name="from"/> to <paramref name="to"/> (both
    /// inclusive, in <paramref name="zone"/>) as CSV for the Rechnungsprüfung: <c>;</c>-separated,
    /// German headers, times in that zone with their offset. The caller picks the encoding
    /// (UTF-8); returns the number of rows written.
    /// </summary>
    public async Task<int> WriteAuditCsvAsync(DateOnly from, DateOnly to, TimeZoneInfo zone, TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(writer);
        var start = Instant(from, zone);
        var end = Instant(to.AddDays(1), zone);
        var entries = await AuditAsync(start, end, cancellationToken).ConfigureAwait(false);
        return await AuditCsv.WriteAsync(entries, zone, writer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Refunds that took effect since the previous finished run started and before this run
    /// started, for the run report's "Rückzahlungen (Auszahlungsanordnung erforderlich)". A run that
    /// was killed leaves its window to the next one, so none is lost.
    /// </summary>
    public async Task<IReadOnlyList<ApprovedRefund>> RefundsForRunAsync(long runId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<RefundRow>(new CommandDefinition(
            """
            WITH this_run AS (SELECT started_at FROM recon.run WHERE id = @runId),
                 previous AS (SELECT coalesce(max(started_at), '-infinity') AS started_at FROM recon.run WHERE id < @runId AND finished_at IS NOT NULL)
            SELECT k.id AS klaerfall_id, s.stmt_id, s.electronic_seq, coalesce(i.booking_date, i.value_date) AS booking_date, p.betrag,
                   i.payer_name, i.payer_iban, p.reason_code, p.proposed_by, p.decided_by AS approved_by, a.at AS approved_at
            FROM recon.klaerfall_audit a
            JOIN recon.klaerfall_proposal p ON p.id = a.proposal_id
            JOIN recon.klaerfall k ON k.id = a.klaerfall_id
            JOIN recon.klaerfall_info i ON i.klaerfall_id = k.id
            JOIN recon.entry e ON e.id = k.entry_id
            JOIN recon.statement s ON s.id = e.statement_id
            WHERE a.action = 'refund'
              AND a.at >= (SELECT started_at FROM previous) AND a.at < (SELECT started_at FROM this_run)
            ORDER BY a.at, k.id
            """,
            new { runId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new ApprovedRefund(
            r.KlaerfallId, ReconciliationStore.Auszug(r.StmtId, r.ElectronicSeq), r.BookingDate, r.Betrag, r.PayerName, r.PayerIban, r.ReasonCode,
            r.ProposedBy, r.ApprovedBy, new DateTimeOffset(DateTime.SpecifyKind(r.ApprovedAt, DateTimeKind.Utc))))];
    }

    internal const string ProposalSelect = """
        SELECT id, klaerfall_id, kind, targets::text AS targets, betrag, reason_code, note, proposed_by, proposed_at, status, decided_by, decided_at,
               decision_reason_code, decision_note
        FROM recon.klaerfall_proposal
        """;

    internal static async Task<IReadOnlyList<KlaerfallProposal>> ProposalsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long klaerfallId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<ProposalRow>(new CommandDefinition(
            ProposalSelect + " WHERE klaerfall_id = @klaerfallId ORDER BY id", new { klaerfallId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToProposal())];
    }

    internal static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static DateTimeOffset Instant(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static decimal? ParseAmount(string text)
    {
        var compact = text.Replace("EUR", "", StringComparison.OrdinalIgnoreCase).Replace("€", "", StringComparison.Ordinal).Trim();
        if (compact.Length == 0 || compact.Any(c => !(char.IsDigit(c) || c is ',' or '.')))
        {
            return null;
        }

        // German notation first (1.234,56), then invariant (1234.56).
        if (compact.Contains(',', StringComparison.Ordinal) && decimal.TryParse(compact, NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, CultureInfo.GetCultureInfo("de-DE"), out var german))
        {
            return german;
        }

        return decimal.TryParse(compact, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var invariant) ? invariant : null;
    }

    private static string OrderBy(KlaerfallSort sort, bool descending) => (sort, descending) switch
    {
        (KlaerfallSort.Date, false) => " ORDER BY booking_date ASC NULLS LAST, id ASC",
        (KlaerfallSort.Date, true) => " ORDER BY booking_date DESC NULLS LAST, id DESC",
        (KlaerfallSort.Amount, false) => " ORDER BY betrag ASC, id ASC",
        (KlaerfallSort.Amount, true) => " ORDER BY betrag DESC, id DESC",
        (KlaerfallSort.Age, false) => " ORDER BY age_days ASC, id ASC",
        (KlaerfallSort.Age, true) => " ORDER BY age_days DESC, id DESC",
        (KlaerfallSort.Payer, false) => " ORDER BY lower(payer_name) ASC NULLS LAST, id ASC",
        (KlaerfallSort.Payer, true) => " ORDER BY lower(payer_name) DESC NULLS LAST, id DESC",
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, null),
    };

    private static async Task<IReadOnlyList<KlaerfallAuditEntry>> ReadAuditAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, object parameters, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<AuditRow>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken, commandTimeout: 0)).ConfigureAwait(false);
        return [.. rows.Select(r => new KlaerfallAuditEntry(
            new DateTimeOffset(DateTime.SpecifyKind(r.At, DateTimeKind.Utc)),
            r.KlaerfallId,
            r.Source,
            r.Actor,
            r.Action,
            AuditActions.Label(r.Action),
            r.ReasonCode,
            r.ReasonCode is null ? null : KlaerfallReasonCodes.Label(r.ReasonCode),
            r.Note,
            r.Rule,
            r.Before,
            r.After,
            r.ProposalId))];
    }

    private sealed record ListRow(
        long Id,
        string Status,
        decimal Betrag,
        decimal ReceiptAmount,
        DateOnly? BookingDate,
        DateOnly? ValueDate,
        string? AccountIban,
        string? PayerName,
        string? PayerIban,
        string? Remittance,
        string Rule,
        string? AssignedTo,
        DateOnly OpenedOn,
        int AgeDays,
        long? PendingProposalId,
        string? Suggestions)
    {
        public KlaerfallListRow ToRow() => new(
            Id, Status, Betrag, ReceiptAmount, BookingDate, ValueDate, AccountIban, PayerName, PayerIban, Remittance, Rule, AssignedTo,
            OpenedOn, AgeDays, PendingProposalId, SuggestionsJson.Parse(Suggestions));
    }

    // A class, not a positional record: Dapper maps text[] to string[] only through a property.
    private sealed class DetailRow
    {
        public long Id { get; init; }

        public string Status { get; init; } = "";

        public decimal Betrag { get; init; }

        public string Rule { get; init; } = "";

        public string[] Reasons { get; init; } = [];

        public string? AssignedTo { get; init; }

        public DateOnly OpenedOn { get; init; }

        public long? OpenedRunId { get; init; }

        public long? ClosedRunId { get; init; }

        public long ReceiptId { get; init; }

        public string Suggestions { get; init; } = "[]";

        public string EntryXmlPath { get; init; } = "";

        public string StmtId { get; init; } = "";

        public long? ElectronicSeq { get; init; }

        public long? LegalSeq { get; init; }

        public string? AccountIban { get; init; }

        public string AccountKey { get; init; } = "";

        public short MessageType { get; init; }

        public string FileName { get; init; } = "";

        public string? ArchivePath { get; init; }

        public string FileSha256 { get; init; } = "";
    }

    private sealed record RefundRow(
        long KlaerfallId,
        string StmtId,
        long? ElectronicSeq,
        DateOnly BookingDate,
        decimal Betrag,
        string? PayerName,
        string? PayerIban,
        string ReasonCode,
        string ProposedBy,
        string ApprovedBy,
        DateTime ApprovedAt);

    private sealed record AuditRow(
        DateTime At,
        long KlaerfallId,
        string Source,
        string Actor,
        string Action,
        string? ReasonCode,
        string? Note,
        string? Rule,
        string? Before,
        string? After,
        long? ProposalId);
}
