namespace PaymentRecon.Matching;

/// <summary>What <see cref="KassenzeichenFinder"/> found in one receipt.</summary>
/// <param name="Candidates">Distinct by value, strongest source first (structured, EndToEndId, tags, lines, joined lines).</param>
/// <param name="Notes">German remarks for the decision, e.g. an RF reference whose mod-97 check fails.</param>
public sealed record KassenzeichenFindings(IReadOnlyList<KassenzeichenCandidate> Candidates, IReadOnlyList<string> Notes)
{
    public static readonly KassenzeichenFindings Empty = new([], []);
}
