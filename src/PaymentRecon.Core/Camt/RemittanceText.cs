using System.Text;

namespace PaymentRecon.Camt;

/// <summary>
/// The remittance text (Verwendungszweck) of one payment made usable: the <c>Ustrd</c> lines joined,
/// the German structured tags (<c>SVWZ+ EREF+ KREF+ MREF+ CRED+ DEBT+ ABWA+ ABWE+</c> ..., also in the
/// colon style <c>EREF:</c> some banks use) split out, and <c>NOTPROVIDED</c> treated as empty.
/// </summary>
/// <remarks>
/// Banks cut a text into several <c>Ustrd</c> lines anywhere, also inside a Kassenzeichen, so every
/// text comes in two forms: <see cref="Joined"/> (a space at each line break) and
/// <see cref="Concatenated"/> (nothing at the break). A search must try both.
/// </remarks>
public sealed class RemittanceText
{
    /// <summary>The tags of DFÜ-Abkommen Anlage 3 (MT940 field 86) that can appear in a flattened text.</summary>
    public static readonly IReadOnlyList<string> KnownTags =
        ["SVWZ", "EREF", "KREF", "MREF", "CRED", "DEBT", "COAM", "OAMT", "ABWA", "ABWE", "IBAN", "BIC", "BREF", "RREF"];

    /// <summary>Tags that may carry a payment reference; the others hold identifiers, amounts or names.</summary>
    private static readonly HashSet<string> ReferenceTags = new(StringComparer.Ordinal) { "SVWZ", "EREF", "KREF", "MREF", "BREF", "RREF" };

    public static readonly RemittanceText Empty = new([], "", "", [], "", "", "");

    private RemittanceText(IReadOnlyList<string> lines, string joined, string concatenated, IReadOnlyList<RemittanceTag> tags,
        string freeText, string searchJoined, string searchConcatenated)
    {
        Lines = lines;
        Joined = joined;
        Concatenated = concatenated;
        Tags = tags;
        FreeText = freeText;
        SearchJoined = searchJoined;
        SearchConcatenated = searchConcatenated;
    }

    /// <summary>The lines as received (camt: every <c>RmtInf/Ustrd</c>, in order).</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>The lines joined with a space at each break (none where a line already ends or starts with one); empty for <c>NOTPROVIDED</c>.</summary>
    public string Joined { get; }

    /// <summary>The lines joined without anything at the breaks.</summary>
    public string Concatenated { get; }

    /// <summary>The structured tags in order of appearance; a tag whose value is <c>NOTPROVIDED</c> or empty is left out.</summary>
    public IReadOnlyList<RemittanceTag> Tags { get; }

    /// <summary>Text before the first tag (all of it when there is no tag), trimmed.</summary>
    public string FreeText { get; }

    /// <summary>
    /// The words a payer wrote about what is paid: the free text and the <c>SVWZ</c> value; the
    /// whole text when there are no tags.
    /// </summary>
    public string Purpose => Tag("SVWZ") is { } svwz
        ? FreeText.Length == 0 ? svwz : FreeText + " " + svwz
        : FreeText;

    /// <summary>Free text plus the values of the tags that may carry a reference (SVWZ, EREF, KREF, MREF, BREF, RREF), line breaks as spaces.</summary>
    public string SearchJoined { get; }

    /// <summary>As <see cref="SearchJoined"/>, but line breaks removed: finds a Kassenzeichen cut across two lines.</summary>
    public string SearchConcatenated { get; }

    /// <summary>The distinct non-empty texts a reference search should look at (<see cref="SearchJoined"/>, <see cref="SearchConcatenated"/>).</summary>
    public IReadOnlyList<string> SearchTexts =>
        SearchJoined.Length == 0 ? [] : SearchJoined == SearchConcatenated ? [SearchJoined] : [SearchJoined, SearchConcatenated];

    public bool IsEmpty => Joined.Length == 0;

    /// <summary>camt: <c>EREF+</c>, the end-to-end reference as the payer's bank flattened it.</summary>
    public string? EndToEndReference => Tag("EREF");

    /// <summary><c>KREF+</c>, the customer reference.</summary>
    public string? CustomerReference => Tag("KREF");

    /// <summary><c>MREF+</c>, the SEPA mandate reference.</summary>
    public string? MandateReference => Tag("MREF");

    /// <summary><c>CRED+</c>, the SEPA creditor identifier.</summary>
    public string? CreditorId => Tag("CRED");

    /// <summary><c>DEBT+</c>, the originator identifier.</summary>
    public string? DebtorId => Tag("DEBT");

    /// <summary><c>ABWA+</c>, the deviating originator (Abweichender Auftraggeber).</summary>
    public string? DeviatingOriginator => Tag("ABWA");

    /// <summary><c>ABWE+</c>, the deviating recipient (Abweichender Empfänger).</summary>
    public string? DeviatingRecipient => Tag("ABWE");

    /// <summary>The first value of a tag (e.g. <c>SVWZ</c>), or null.</summary>
    public string? Tag(string name)
    {
        foreach (var tag in Tags)
        {
            if (string.Equals(tag.Name, name, StringComparison.Ordinal))
            {
                return tag.Value;
            }
        }

        return null;
    }

    /// <summary>True for <c>NOTPROVIDED</c> (any case, surrounding spaces ignored): the payer gave nothing.</summary>
    public static bool IsNotProvided(ReadOnlySpan<char> text) =>
        text.Trim().Equals("NOTPROVIDED", StringComparison.OrdinalIgnoreCase);

    public static RemittanceText Parse(params string?[] lines) => Parse((IEnumerable<string?>)lines);

    public static RemittanceText Parse(IEnumerable<string?>? lines)
    {
        if (lines is null)
        {
            return Empty;
        }

        var received = new List<string>();
        var concatenated = new StringBuilder();
        var lineStarts = new List<int>();
        foreach (var line in lines)
        {
            if (line is null)
            {
                continue;
            }

            received.Add(line);
            if (line.Length == 0 || IsNotProvided(line))
            {
                continue;
            }

            lineStarts.Add(concatenated.Length);
            concatenated.Append(line);
        }

        if (concatenated.Length == 0)
        {
            return received.Count == 0 ? Empty : new RemittanceText(received, "", "", [], "", "", "");
        }

        var text = concatenated.ToString();
        var breaks = new HashSet<int>(lineStarts.Skip(1));
        var starts = FindTags(text, breaks);

        var tags = new List<RemittanceTag>();
        var searchJoined = new StringBuilder();
        var searchConcatenated = new StringBuilder();
        var freeEnd = starts.Count == 0 ? text.Length : starts[0].Start;
        var freeText = Slice(text, breaks, 0, freeEnd, withBreaks: true);
        Append(searchJoined, freeText);
        Append(searchConcatenated, Slice(text, breaks, 0, freeEnd, withBreaks: false));
        for (var i = 0; i < starts.Count; i++)
        {
            var (start, name) = starts[i];
            var valueStart = start + name.Length + 1;
            var valueEnd = i + 1 < starts.Count ? starts[i + 1].Start : text.Length;
            var value = Slice(text, breaks, valueStart, valueEnd, withBreaks: true);
            if (value.Length == 0 || IsNotProvided(value))
            {
                continue;
            }

            tags.Add(new RemittanceTag(name, value));
            if (ReferenceTags.Contains(name))
            {
                Append(searchJoined, value);
                Append(searchConcatenated, Slice(text, breaks, valueStart, valueEnd, withBreaks: false));
            }
        }

        return new RemittanceText(received, Slice(text, breaks, 0, text.Length, withBreaks: true), text.Trim(), tags, freeText,
            searchJoined.ToString(), searchConcatenated.ToString());
    }

    // A tag is a known name followed by '+' or ':' at the start of the text, of a line, or after
    // white space: "Rechnung EREF+123" has one, "XEREF+1" and "Kassenzeichen:" have none.
    private static List<(int Start, string Name)> FindTags(string text, HashSet<int> breaks)
    {
        var found = new List<(int, string)>();
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsAsciiLetterUpper(text[i]) || (i > 0 && !breaks.Contains(i) && !char.IsWhiteSpace(text[i - 1])))
            {
                continue;
            }

            foreach (var name in KnownTags)
            {
                var end = i + name.Length;
                if (end < text.Length && (text[end] == '+' || text[end] == ':')
                    && text.AsSpan(i, name.Length).SequenceEqual(name))
                {
                    found.Add((i, name));
                    i = end;
                    break;
                }
            }
        }

        return found;
    }

    private static string Slice(string text, HashSet<int> breaks, int from, int to, bool withBreaks)
    {
        if (from >= to)
        {
            return "";
        }

        if (!withBreaks || breaks.Count == 0)
        {
            return text[from..to].Trim();
        }

        var builder = new StringBuilder(to - from + 4);
        for (var i = from; i < to; i++)
        {
            if (i > from && breaks.Contains(i) && !char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1]))
            {
                builder.Append(' ');
            }

            builder.Append(text[i]);
        }

        return builder.ToString().Trim();
    }

    private static void Append(StringBuilder builder, string part)
    {
        if (part.Length == 0)
        {
            return;
        }

        if (builder.Length > 0)
        {
            builder.Append(' ');
        }

        builder.Append(part);
    }

    public override string ToString() => Joined;
}
