namespace PaymentRecon.Matching;

/// <summary>
/// What the matcher decided for one receipt, with the rule that fired and the reasons in German,
/// to be stored with it.
/// </summary>
/// <param name="Rule">Short rule code (see <see cref="MatchRules"/>).</param>
/// <param name="Reasons">German, human-readable, in the order the rules looked at the receipt.</param>
/// <param name="Bookings">Empty only for <see cref="MatchOutcome.OutOfScope"/>, <see cref="MatchOutcome.AlreadyBooked"/> and a fresh <see cref="MatchOutcome.SepaBatchFromPain008"/> (its collections carry the lines).</param>
/// <param name="Candidates">Every Kassenzeichen candidate found in the receipt, for the record.</param>
/// <param name="OpensKlaerfall">True when a VWG amount needs clarifying by staff.</param>
/// <param name="OriginalReceiptId">For returns and reversals: the receipt that was undone.</param>
public sealed record MatchDecision(
    long ReceiptId,
    MatchOutcome Outcome,
    string Rule,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<PlannedBooking> Bookings,
    IReadOnlyList<KassenzeichenCandidate> Candidates,
    bool OpensKlaerfall,
    IReadOnlyList<Suggestion> Suggestions,
    long? OriginalReceiptId = null)
{
    public Money BookedTotal(Currency currency) =>
        Bookings.Aggregate(Money.Zero(currency), (sum, line) => sum + line.Amount);
}
