using PaymentRecon.Matching;

namespace PaymentRecon.Data.Reconciliation;

/// <summary>A decision with its receipt's row, ready to be written.</summary>
/// <param name="Seq">1 for the matching's decision; later decisions count on.</param>
/// <param name="Kind"><c>initial</c>, <c>retry</c>, <c>manual</c> or <c>replaced</c>.</param>
/// <param name="ClosesKlaerfallId">The Klärfall this decision settles, if any.</param>
public sealed record DecisionToStore(
    ReceiptRow Row,
    MatchDecision Decision,
    int Seq,
    string Kind,
    long? ClosesKlaerfallId = null,
    string? DecidedBy = null)
{
    /// <summary>
    /// The Klärfall's suggestions already in their stored form (<c>SuggestionsJson.WriteUtf8</c>),
    /// written instead of <see cref="MatchDecision.Suggestions"/> when set. A night's Klärfälle wait
    /// with their suggestions until the pass's end is stored: at a million payments 60,000 of them
    /// held 180 MiB of suggestion objects, their UTF-8 JSON a fraction of it.
    /// </summary>
    public byte[]? StoredSuggestions { get; init; }
}
