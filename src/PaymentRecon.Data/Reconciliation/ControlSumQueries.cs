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
    private const string EntryStates = """
        WITH entries AS (
            SELECT e.id, e.statement_id, e.amount, e.xml_path, e.acct_svcr_ref
            FROM recon.entry e
            WHERE e.message_type = 53 AND e.status = 'BOOK' AND e.statement_id = ANY(@statements)
        ), booked AS (
            SELECT b.entry_id, sum(b.betrag) AS booked, count(*) AS lines
            FROM recon.booking b
            WHERE b.statement_id = ANY(@statements)
            GROUP BY b.entry_id
        ), decided AS (
            SELECT d.entry_id, bool_or(d.outcome = 'OutOfScope') AS out_of_scope
            FROM recon.decision d
            JOIN entries e ON e.id = d.entry_id
            GROUP BY d.entry_id
        )
        SELECT e.id, e.statement_id, e.amount, e.xml_path, e.acct_svcr_ref,
               coalesce(b.booked, 0) AS booked, coalesce(b.lines, 0) AS lines,
               d.entry_id IS NOT NULL AS decided, coalesce(d.out_of_scope, false) AS out_of_scope
        FROM entries e
        LEFT JOIN booked b ON b.entry_id = e.id
        LEFT JOIN decided d ON d.entry_id = e.id
        """;

    /// <summary>Per statement (by row id) the control sum, and every entry that violates it.</summary>
    public static async Task<(IReadOnlyDictionary<long, ControlSumStatement> Statements, IReadOnlyList<ControlSumViolation> Violations)> CheckAsync(
        NpgsqlConnection connection, IReadOnlyCollection<long> statementRowIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statementRowIds);
        var names = (await connection.QueryAsync<(long Id, string StmtId)>(new CommandDefinition(
            "SELECT id, stmt_id FROM recon.statement WHERE id = ANY(@statements)",
            new { statements = statementRowIds.ToArray() }, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToDictionary(r => r.Id, r => r.StmtId);
        // Unbuffered: a night of a million entries is added up as it is read, not held.
        var rows = await connection.QueryAsync<EntryState>(new CommandDefinition(
            EntryStates, new { statements = statementRowIds.ToArray() }, flags: CommandFlags.None, cancellationToken: cancellationToken, commandTimeout: 0)).ConfigureAwait(false);

        // Per statement in the order the statements first appear, as GroupBy would give them.
        var tallies = new Dictionary<long, StatementTally>();
        var order = new List<StatementTally>();
        foreach (var entry in rows)
        {
            if (!tallies.TryGetValue(entry.StatementId, out var tally))
            {
                tally = new StatementTally(entry.StatementId, names.GetValueOrDefault(entry.StatementId, entry.StatementId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                tallies[entry.StatementId] = tally;
                order.Add(tally);
            }

            tally.Add(entry);
        }

        var statements = order.ToDictionary(t => t.StatementId, t => t.ToStatement());
        return (statements, [.. order.SelectMany(t => t.Violations)]);
    }

    private sealed class StatementTally(long statementId, string name)
    {
        private int _entries, _bookedCount, _outOfScopeCount;
        private decimal _turnover, _bookedSum, _outOfScopeSum;

        public long StatementId => statementId;

        public List<ControlSumViolation> Violations { get; } = [];

        public void Add(EntryState entry)
        {
            _entries++;
            _turnover += entry.Amount;
            _bookedSum += entry.Booked;
            var reference = entry.AcctSvcrRef ?? entry.XmlPath;
            string? problem = null;
            if (!entry.Decided)
            {
                problem = "Eintrag ohne Ergebnis: weder gebucht noch als nicht zu buchen eingeordnet.";
            }
            else if (entry.OutOfScope && entry.Lines == 0)
            {
                _outOfScopeCount++;
                _outOfScopeSum += entry.Amount;
            }
            else if (entry.OutOfScope)
            {
                problem = "Eintrag ist zugleich gebucht und als nicht zu buchen eingeordnet.";
            }
            else if (entry.Booked == entry.Amount)
            {
                _bookedCount++;
            }
            else
            {
                problem = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"Buchungszeilen ergeben {entry.Booked:0.00}, der Eintrag lautet auf {entry.Amount:0.00}.");
            }

            if (problem is not null)
            {
                Violations.Add(new ControlSumViolation(name, $"{reference} ({entry.XmlPath})", problem));
            }
        }

        public ControlSumStatement ToStatement() =>
            new(name, _entries, _bookedCount, _outOfScopeCount, _turnover, _bookedSum, _outOfScopeSum, Violations.Count);
    }

    private sealed record EntryState(long Id, long StatementId, decimal Amount, string XmlPath, string? AcctSvcrRef, decimal Booked, long Lines, bool Decided, bool OutOfScope);
}
