namespace PaymentRecon.Matching;

/// <summary>A ranked proposal for a Klärfall. Never books by itself: a clerk assigns, another approves.</summary>
/// <param name="Rank">1 = best.</param>
/// <param name="Score">0..100.</param>
/// <param name="OpenAmount">What is open on the Kassenzeichen now.</param>
/// <param name="Reasons">German, for the clerk.</param>
public sealed record Suggestion(
    int Rank,
    string Kassenzeichen,
    int Score,
    Money OpenAmount,
    string DebtorName,
    IReadOnlyList<string> Reasons);
