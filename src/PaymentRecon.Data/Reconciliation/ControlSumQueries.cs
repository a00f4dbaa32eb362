using System.Globalization;
using Dapper;
using Npgsql;
using PaymentRecon.Booking;

namespace PaymentRecon.Data.Reconciliation;

/// <summary>
/// The control sum (contract section 4) from what is stored: every booked camt.053 entry ends in
/// exactly one outcome, booked (its lines add up to its signed amount) or out of scope.
/// </summary>
public static class ControlSumQueries
{
    // Each entry's state is classified and added up in the database: a night of a million entries
    // returns one row per statement plus one per violating entry, not a million rows. The entry
    // states are materialised once and read twice (the tallies and the violations). The
    // statements' lines and decisions are found by their receipt keys (entry id * 2^20 + item,
    // 0004), which lie between those of the statements' first and last entry (KeyRange): one
    // range of booking_receipt and of the decisions' primary key, never every line and decision
    // ever written. The range comes as parameters, so the planner sees how much of the tables it
    // covers (all of them on a first night: a sequential scan; a night among many: the index).
    private const string KeyRange = """
        SELECT coalesce(min(id) << 20, 0) AS first_key, coalesce((max(id) + 1) << 20, 0) AS past_key
        FROM recon.entry
        WHERE statement_id = ANY(@statements)
        """;

    private const string Query = """
        WITH booked AS (
            SELECT b.entry_id, sum(b.betrag) AS booked, count(*) AS lines
            FROM recon.booking b
            WHERE b.receipt_id >= @firstKey AND b.receipt_id < @pastKey AND b.statement_id = ANY(@statements)
            GROUP BY b.entry_id
        ), decided AS (
            SELECT d.entry_id, bool_or(d.outcome = 'OutOfScope') AS out_of_scope
            FROM recon.decision d
            WHERE d.receipt_id >= @firstKey AND d.receipt_id < @pastKey
            GROUP BY d.entry_id
        ), state AS MATERIALIZED (
            SELECT e.id, e.statement_id, e.amount, coalesce(b.booked, 0) AS booked,
                   CASE WHEN d.entry_id IS NULL THEN 'undecided'
                        WHEN d.out_of_scope AND coalesce(b.lines, 0) = 0 THEN 'out-of-scope'
                        WHEN d.out_of_scope THEN 'booked-and-out-of-scope'
                        WHEN coalesce(b.booked, 0) = e.amount THEN 'booked'
                        ELSE 'sum-differs' END AS outcome
            FROM recon.entry e
            LEFT JOIN booked b ON b.entry_id = e.id
            LEFT JOIN decided d ON d.entry_id = e.id
            WHERE e.message_type = 53 AND e.status = 'BOOK' AND e.statement_id = ANY(@statements)
        )
        SELECT false AS violation, statement_id, min(id) AS entry_id, count(*) AS entries,
               count(*) FILTER (WHERE outcome = 'booked') AS booked_count,
               count(*) FILTER (WHERE outcome = 'out-of-scope') AS out_of_scope_count,
               sum(amount) AS turnover, sum(booked) AS booked_sum,
               coalesce(sum(amount) FILTER (WHERE outcome = 'out-of-scope'), 0) AS out_of_scope_sum,
               NULL::text AS outcome, NULL::numeric AS amount, NULL::numeric AS booked, NULL::text AS xml_path, NULL::text AS acct_svcr_ref
        FROM state
        GROUP BY statement_id
        UNION ALL
        SELECT true, v.statement_id, v.id, 0, 0, 0, 0, 0, 0, v.outcome, v.amount, v.booked, e.xml_path, e.acct_svcr_ref
        FROM state v
        JOIN recon.entry e ON e.id = v.id
        WHERE v.outcome NOT IN ('booked', 'out-of-scope')
        ORDER BY violation, entry_id
        """;

    /// <summary>Per statement (by row id) the control sum, and every entry that violates it.</summary>
    public static async Task<(IReadOnlyDictionary<long, ControlSumStatement> Statements, IReadOnlyList<ControlSumViolation> Violations)> CheckAsync(
        NpgsqlConnection connection, IReadOnlyCollection<long> statementRowIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(statementRowIds);
        var names = (await connection.QueryAsync<(long Id, string StmtId)>(new CommandDefinition(
            "SELECT id, stmt_id FROM recon.statement WHERE id = ANY(@statements)",
            new { statements = statementRowIds.ToArray() }, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToDictionary(r => r.Id, r => r.StmtId);
        string Name(long statementId) => names.GetValueOrDefault(statementId, statementId.ToString(CultureInfo.InvariantCulture));

        // The hash aggregates over a night's bookings and decisions fit in memory instead of
        // spilling to disk in batches, and compiling the query (1.3 s at a million entries) costs
        // more than it saves.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await BulkSettings.ApplyAsync(connection, transaction, 256, cancellationToken).ConfigureAwait(false);
        var ids = statementRowIds.ToArray();
        var (firstKey, pastKey) = await connection.QuerySingleAsync<(long, long)>(new CommandDefinition(
            KeyRange, new { statements = ids }, transaction, commandTimeout: 0, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<StateRow>(new CommandDefinition(
            Query, new { statements = ids, firstKey, pastKey }, transaction, commandTimeout: 0, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        // Statements in the order of their first entry; violations in entry order.
        var violationsOf = rows.Where(r => r.Violation).ToLookup(r => r.StatementId);
        var statements = new Dictionary<long, ControlSumStatement>();
        var violations = new List<ControlSumViolation>();
        foreach (var tally in rows.Where(r => !r.Violation))
        {
            var name = Name(tally.StatementId);
            var found = violationsOf[tally.StatementId].Select(v => new ControlSumViolation(name, $"{v.AcctSvcrRef ?? v.XmlPath} ({v.XmlPath})", Problem(v))).ToList();
            statements[tally.StatementId] = new ControlSumStatement(
                name, checked((int)tally.Entries), checked((int)tally.BookedCount), checked((int)tally.OutOfScopeCount), tally.Turnover, tally.BookedSum, tally.OutOfScopeSum, found.Count);
            violations.AddRange(found);
        }

        return (statements, violations);
    }

    private static string Problem(StateRow entry) => entry.Outcome switch
    {
        "undecided" => "Eintrag ohne Ergebnis: weder gebucht noch als nicht zu buchen eingeordnet.",
        "booked-and-out-of-scope" => "Eintrag ist zugleich gebucht und als nicht zu buchen eingeordnet.",
        _ => string.Create(CultureInfo.InvariantCulture, $"Buchungszeilen ergeben {entry.Booked:0.00}, der Eintrag lautet auf {entry.Amount:0.00}."),
    };

    private sealed record StateRow(
        bool Violation,
        long StatementId,
        long EntryId,
        long Entries,
        long BookedCount,
        long OutOfScopeCount,
        decimal Turnover,
        decimal BookedSum,
        decimal OutOfScopeSum,
        string? Outcome,
        decimal? Amount,
        decimal? Booked,
        string? XmlPath,
        string? AcctSvcrRef);
}
