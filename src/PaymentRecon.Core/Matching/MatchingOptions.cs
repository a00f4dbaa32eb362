namespace PaymentRecon.Matching;

/// <summary>
/// Matching settings, bindable from configuration (section <c>PaymentRecon:Matching</c> once the
/// host wires it). Defaults follow the contract: one global 13-digit ISO 7064 MOD 11,10 format,
/// no Kleinbetrag rule, automatic split across several Kassenzeichen when the amounts add up.
/// </summary>
public sealed record MatchingOptions
{
    public static readonly MatchingOptions Default = new();

    /// <summary>The format of every Kassenzeichen unless its Verfahren has its own.</summary>
    public KassenzeichenFormat KassenzeichenFormat { get; init; } = KassenzeichenFormat.Default;

    /// <summary>Formats per Verfahren code (e.g. an ePayBL pool with letters), in addition to the global one.</summary>
    public IReadOnlyDictionary<string, KassenzeichenFormat> FormatsByVerfahren { get; init; } =
        new Dictionary<string, KassenzeichenFormat>(StringComparer.Ordinal);

    /// <summary>
    /// Kleinbetrag threshold in EUR (0 = off). A payment on exactly one Kassenzeichen that differs
    /// from the open amount by at most this much is booked with rule <c>KZ-KLEINBETRAG</c>: an
    /// underpayment leaves the tiny rest open on the Soll (for the Fachverfahren's Kleinbetrag
    /// write-off); a tiny surplus goes to VWG without opening a Klärfall.
    /// </summary>
    public decimal KleinbetragThreshold { get; init; }

    /// <summary>Book one IST per Kassenzeichen when several valid, open ones add up exactly to the payment.</summary>
    public bool AutoSplitAcrossKassenzeichen { get; init; } = true;

    /// <summary>Compute suggestions for the Klärfälle of a pass (off for a pure matching benchmark).</summary>
    public bool ComputeSuggestions { get; init; } = true;

    /// <summary>How many suggestions a Klärfall gets at most.</summary>
    public int MaxSuggestions { get; init; } = 5;

    /// <summary>Suggestions give points for a value date this many days around a due date.</summary>
    public int DueDateWindowDays { get; init; } = 30;

    /// <summary>
    /// An amount bucket with more open Kassenzeichen than this is too common to suggest from the
    /// amount alone (it still adds points to candidates found otherwise).
    /// </summary>
    public int MaxAmountOnlyCandidates { get; init; } = 20;

    /// <summary>Every distinct format in use: the global one first, then per Verfahren by code.</summary>
    public IReadOnlyList<KassenzeichenFormat> AllFormats()
    {
        var formats = new List<KassenzeichenFormat> { KassenzeichenFormat };
        foreach (var pair in FormatsByVerfahren.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!formats.Contains(pair.Value))
            {
                formats.Add(pair.Value);
            }
        }

        return formats;
    }

    /// <summary>The format that applies to a Verfahren.</summary>
    public KassenzeichenFormat FormatFor(string verfahren) =>
        FormatsByVerfahren.TryGetValue(verfahren, out var format) ? format : KassenzeichenFormat;

    /// <summary>Problems with the settings, for start-up validation.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        problems.AddRange(KassenzeichenFormat.Validate().Select(p => "Kassenzeichen: " + p));
        foreach (var pair in FormatsByVerfahren.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            problems.AddRange(pair.Value.Validate().Select(p => $"Kassenzeichen of {pair.Key}: {p}"));
        }

        if (KleinbetragThreshold < 0m || decimal.Round(KleinbetragThreshold, 2) != KleinbetragThreshold)
        {
            problems.Add("KleinbetragThreshold must be a non-negative amount with at most two decimals.");
        }

        if (MaxSuggestions is < 0 or > 50)
        {
            problems.Add("MaxSuggestions must be between 0 and 50.");
        }

        if (DueDateWindowDays < 0)
        {
            problems.Add("DueDateWindowDays must not be negative.");
        }

        return problems;
    }
}
