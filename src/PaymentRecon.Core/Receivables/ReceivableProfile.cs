using System.Globalization;
using System.Text;

using PaymentRecon.Inbox;

namespace PaymentRecon.Receivables;

/// <summary>
/// How one specialist procedure writes its receivables file: column names, delimiter, quote,
/// encoding, number and date format, and which Kassenzeichen format its numbers follow. Bound from
/// configuration (<c>PaymentRecon:Receivables:Profiles:NAME</c>); properties not set there keep the
/// <c>soll-standard</c> value.
/// </summary>
public sealed record ReceivableProfile
{
    public const string StandardName = "soll-standard";
    public const string IsoName = "soll-iso";

    private static readonly IReadOnlyList<string> StandardDateFormats = ["dd.MM.yyyy", "yyyy-MM-dd"];

    /// <summary>Contract section 3: UTF-8 (BOM allowed), <c>;</c>, <c>1.234,56</c>, <c>TT.MM.JJJJ</c> or ISO dates.</summary>
    public static ReceivableProfile Standard { get; } = new();

    /// <summary>A comma-separated export with a decimal point, no thousands separator and ISO dates.</summary>
    public static ReceivableProfile Iso { get; } = new()
    {
        Name = IsoName,
        Delimiter = ",",
        DecimalSeparator = ".",
        ThousandsSeparator = "",
        DateFormats = ["yyyy-MM-dd"],
    };

    public static IReadOnlyList<ReceivableProfile> BuiltIn { get; } = [Standard, Iso];

    /// <summary>The profile's name; also the folder <c>receivables/NAME/</c> whose files use it.</summary>
    public string Name { get; init; } = StandardName;

    public ReceivableColumns Columns { get; init; } = new();

    /// <summary>The field separator: one ASCII character.</summary>
    public string Delimiter { get; init; } = ";";

    /// <summary>The quote character: one ASCII character.</summary>
    public string Quote { get; init; } = "\"";

    /// <summary><c>utf-8</c> (a BOM is skipped), <c>windows-1252</c>, <c>iso-8859-15</c>, or any name .NET knows.</summary>
    public string Encoding { get; init; } = "utf-8";

    public string DecimalSeparator { get; init; } = ",";

    /// <summary>Separator between groups of three digits, or empty when the export uses none.</summary>
    public string ThousandsSeparator { get; init; } = ".";

    /// <summary>.NET exact date formats tried in order; empty means <c>dd.MM.yyyy</c> and <c>yyyy-MM-dd</c>.</summary>
    public IReadOnlyList<string> DateFormats { get; init; } = [];

    /// <summary>Name of a format in <c>PaymentRecon:Receivables:KassenzeichenFormats</c>.</summary>
    public string? KassenzeichenFormat { get; init; }

    /// <summary>A format written into the profile itself; wins over <see cref="KassenzeichenFormat"/>.</summary>
    public KassenzeichenFormat? Kassenzeichen { get; init; }

    /// <summary>
    /// Files directly in <c>receivables/</c> whose name matches this pattern (<c>*</c> and <c>?</c>,
    /// case ignored) use this profile; other files there use <c>soll-standard</c>.
    /// </summary>
    public string? FileNamePattern { get; init; }

    public IReadOnlyList<string> EffectiveDateFormats => DateFormats.Count == 0 ? StandardDateFormats : DateFormats;

    /// <summary>The encoding; invalid bytes throw instead of silently becoming U+FFFD.</summary>
    public Encoding ResolveEncoding() => InboxCsv.ResolveEncoding(Encoding);

    public bool MatchesFileName(string fileName) =>
        !string.IsNullOrWhiteSpace(FileNamePattern) && Glob(FileNamePattern.AsSpan().Trim(), fileName);

    /// <summary>Problems with the profile itself, for start-up validation; each names the setting.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name) || Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || Name is "." or "..")
        {
            problems.Add($"Name '{Name}' cannot be a folder name.");
        }

        if (Delimiter is not { Length: 1 } || !char.IsAscii(Delimiter[0]) || Delimiter[0] is '\n' or '\r')
        {
            problems.Add("Delimiter must be exactly one ASCII character other than a line break (e.g. ';', ',', '\\t' or '|').");
        }

        if (Quote is not { Length: 1 } || !char.IsAscii(Quote[0]) || Quote == Delimiter)
        {
            problems.Add("Quote must be exactly one ASCII character other than the delimiter.");
        }

        try
        {
            ResolveEncoding();
        }
        catch (ArgumentException)
        {
            problems.Add($"Encoding '{Encoding}' is unknown (use utf-8, windows-1252 or iso-8859-15).");
        }

        if (DecimalSeparator is not ("," or "."))
        {
            problems.Add("DecimalSeparator must be ',' or '.'.");
        }

        if (ThousandsSeparator is not ("" or "." or "," or " " or "'" or "\u00A0") || ThousandsSeparator == DecimalSeparator)
        {
            problems.Add("ThousandsSeparator must be empty, '.', ',', ' ' or ''' and differ from the DecimalSeparator.");
        }

        if (!string.IsNullOrEmpty(Delimiter) && (Delimiter == DecimalSeparator || Delimiter == ThousandsSeparator))
        {
            problems.Add("Delimiter must differ from the decimal and thousands separators (quote such numbers, or change the delimiter).");
        }

        foreach (var format in EffectiveDateFormats)
        {
            if (string.IsNullOrWhiteSpace(format) || !IsUsableDateFormat(format))
            {
                problems.Add($"DateFormats: '{format}' is not a date format with day, month and year (e.g. dd.MM.yyyy).");
            }
        }

        var headers = Columns.All.Select(c => c.Header?.Trim() ?? "").ToList();
        foreach (var (field, header, _) in Columns.All)
        {
            if (string.IsNullOrWhiteSpace(header))
            {
                problems.Add($"Columns:{field} must name a column.");
            }
        }

        if (headers.Where(h => h.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Count() != headers.Count(h => h.Length > 0))
        {
            problems.Add("Columns: two fields name the same column.");
        }

        if (Kassenzeichen is not null)
        {
            problems.AddRange(Kassenzeichen.Validate().Select(p => "Kassenzeichen: " + p));
        }

        return problems;
    }

    private static bool IsUsableDateFormat(string format)
    {
        var sample = new DateOnly(2026, 11, 27);
        try
        {
            var text = sample.ToString(format, CultureInfo.InvariantCulture);
            return DateOnly.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var back) && back == sample;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    // '*' any run of characters, '?' one character; case-insensitive as file systems of the
    // procedures' export shares often are.
    private static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
