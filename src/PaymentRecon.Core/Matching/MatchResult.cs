namespace PaymentRecon.Matching;

/// <summary>The decisions of one matching pass, and the open amounts it changed.</summary>
/// <param name="Decisions">One per receipt, in processing order (booking date, value date, id).</param>
/// <param name="OpenAmounts">The new open amount of every Soll position this pass booked onto or reopened.</param>
public sealed record MatchResult(
    IReadOnlyList<MatchDecision> Decisions,
    IReadOnlyDictionary<long, Money> OpenAmounts);
