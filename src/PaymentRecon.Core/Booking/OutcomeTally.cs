using PaymentRecon.Matching;

namespace PaymentRecon.Booking;

/// <summary>
/// Counts and sums decisions by outcome and rule as they come, for a report over more decisions
/// than should be kept in memory (<see cref="ReportOutcome.Summarise"/> is this over a list).
/// </summary>
public sealed class OutcomeTally
{
    private readonly Dictionary<(MatchOutcome Outcome, string Rule), (int Count, decimal Sum)> _groups = [];

    /// <param name="amount">The receipt's amount, the sum the report shows.</param>
    public void Add(MatchDecision decision, Money amount)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var key = (decision.Outcome, decision.Rule);
        var (count, sum) = _groups.GetValueOrDefault(key);
        _groups[key] = (count + 1, sum + amount.Amount);
    }

    /// <summary>Ordered by outcome, then rule.</summary>
    public IReadOnlyList<ReportOutcome> ToList() =>
        [.. _groups
            .OrderBy(g => g.Key.Outcome)
            .ThenBy(g => g.Key.Rule, StringComparer.Ordinal)
            .Select(g => new ReportOutcome(g.Key.Outcome, g.Key.Rule, g.Value.Count, g.Value.Sum))];
}
