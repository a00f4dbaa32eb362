namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>A ranked suggestion as the matching stored it, with what is open on its Kassenzeichen now.</summary>
/// <param name="OpenAmountWhenSuggested">What was open when the suggestion was made.</param>
/// <param name="OpenSoll">The open Soll positions it would pay today (empty: nothing open any more).</param>
public sealed record KlaerfallSuggestion(
    int Rank,
    string Kassenzeichen,
    int Score,
    decimal OpenAmountWhenSuggested,
    string DebtorName,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<SollHit> OpenSoll);
