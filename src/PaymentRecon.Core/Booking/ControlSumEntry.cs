using PaymentRecon.Matching;

namespace PaymentRecon.Booking;

/// <summary>One booked statement entry and what was decided for it, as the control sum sees it.</summary>
/// <param name="EntryReference">Names the entry in a violation, e.g. its XML path or AcctSvcrRef.</param>
/// <param name="Amount">The entry's signed amount.</param>
/// <param name="LineAmounts">The planned booking lines of all its receipts (a batch has several).</param>
/// <param name="OutOfScope">Classified as not a receipt (outgoing payment, fee): must have no lines.</param>
public sealed record ControlSumEntry(string StatementId, string EntryReference, Money Amount, IReadOnlyList<Money> LineAmounts, bool OutOfScope)
{
    /// <summary>From the decisions of the receipts an entry was split into (one for a single payment).</summary>
    public static ControlSumEntry FromDecisions(string statementId, string entryReference, Money amount, IReadOnlyList<MatchDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        var lines = decisions.SelectMany(d => d.Bookings).Select(b => b.Amount).ToList();
        var outOfScope = decisions.Count > 0 && decisions.All(d => d.Outcome == MatchOutcome.OutOfScope);
        return new ControlSumEntry(statementId, entryReference, amount, lines, outOfScope);
    }
}
