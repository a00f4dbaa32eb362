namespace PaymentRecon.Matching;

/// <summary>
/// The booking of a manual assignment, or why it cannot be booked. Lines per target: negative VWG
/// (release), then IST per Soll position, all <c>MANUELL</c>; what is not assigned stays VWG.
/// </summary>
/// <param name="Problem">German, for the clerk; null when <see cref="Decision"/> is set.</param>
/// <param name="Remainder">What stays held as Verwahrgeld (Überzahlung).</param>
public sealed record ManualPlan(MatchDecision? Decision, IReadOnlyDictionary<long, Money> OpenAmounts, Money Remainder, string? Problem)
{
    public static ManualPlan Failed(string problem) => new(null, new Dictionary<long, Money>(), Money.Eur(0m), problem);
}
