using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace PaymentRecon;

/// <summary>
/// An International Bank Account Number (ISO 13616): country code, two check digits (mod 97) and
/// the national account number (BBAN). Always in electronic form (no spaces, upper case).
/// </summary>
/// <remarks>
/// An IBAN is personal data. Log <see cref="Masked"/>, never <see cref="Value"/>.
/// </remarks>
public sealed record Iban
{
    // Lengths from the SWIFT IBAN registry. A country missing here is not an IBAN country.
    private static readonly Dictionary<string, int> LengthByCountry = new(StringComparer.Ordinal)
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22,
        ["BH"] = 22, ["BI"] = 27, ["BR"] = 29, ["BY"] = 28, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24,
        ["DE"] = 22, ["DJ"] = 27, ["DK"] = 18, ["DO"] = 28, ["EE"] = 20, ["EG"] = 29, ["ES"] = 24, ["FI"] = 18,
        ["FK"] = 18, ["FO"] = 18, ["FR"] = 27, ["GB"] = 22, ["GE"] = 22, ["GI"] = 23, ["GL"] = 18, ["GR"] = 27,
        ["GT"] = 28, ["HN"] = 28, ["HR"] = 21, ["HU"] = 28, ["IE"] = 22, ["IL"] = 23, ["IQ"] = 23, ["IS"] = 26,
        ["IT"] = 27, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20, ["LB"] = 28, ["LC"] = 32, ["LI"] = 21, ["LT"] = 20,
        ["LU"] = 20, ["LV"] = 21, ["LY"] = 25, ["MC"] = 27, ["MD"] = 24, ["ME"] = 22, ["MK"] = 19, ["MN"] = 20,
        ["MR"] = 27, ["MT"] = 31, ["MU"] = 30, ["NI"] = 28, ["NL"] = 18, ["NO"] = 15, ["OM"] = 23, ["PK"] = 24,
        ["PL"] = 28, ["PS"] = 29, ["PT"] = 25, ["QA"] = 29, ["RO"] = 24, ["RS"] = 22, ["RU"] = 33, ["SA"] = 24,
        ["SC"] = 31, ["SD"] = 18, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["SO"] = 23, ["ST"] = 25,
        ["SV"] = 28, ["TL"] = 23, ["TN"] = 24, ["TR"] = 26, ["UA"] = 29, ["VA"] = 22, ["VG"] = 24, ["XK"] = 20,
        ["YE"] = 30,
    };

    private Iban(string value) => Value = value;

    /// <summary>Electronic form, e.g. <c>DE89370400440532013000</c>.</summary>
    public string Value { get; }

    public string CountryCode => Value[..2];

    /// <summary>
    /// Form safe for logs: country, check digits and the last four characters, e.g.
    /// <c>DE89 **** **** **** **30 00</c>.
    /// </summary>
    public string Masked
    {
        get
        {
            var masked = new StringBuilder(Value.Length);
            for (var i = 0; i < Value.Length; i++)
            {
                masked.Append(i < 4 || i >= Value.Length - 4 ? Value[i] : '*');
            }

            return Group(masked.ToString());
        }
    }

    /// <summary>Paper form in groups of four, e.g. <c>DE89 3704 0044 0532 0130 00</c>.</summary>
    public string ToDisplayString() => Group(Value);

    public override string ToString() => Value;

    /// <summary>
    /// Parses an IBAN as people write it: spaces, hyphens and lower case are accepted and removed.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Iban? iban) =>
        (iban = Validate(text, out _)) is not null;

    public static Iban Parse(string text) =>
        Validate(text, out var error) ?? throw new FormatException(error);

    /// <summary>Why <paramref name="text"/> is not an IBAN, or null when it is one.</summary>
    public static string? Explain(string? text)
    {
        Validate(text, out var error);
        return error;
    }

    private static Iban? Validate(string? text, out string? error)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "IBAN is empty.";
            return null;
        }

        var normalised = Normalise(text);
        if (normalised.Length < 5 || !char.IsAsciiLetter(normalised[0]) || !char.IsAsciiLetter(normalised[1])
            || !char.IsAsciiDigit(normalised[2]) || !char.IsAsciiDigit(normalised[3]))
        {
            error = "IBAN must start with a two-letter country code and two check digits.";
            return null;
        }

        if (!normalised.All(char.IsAsciiLetterOrDigit))
        {
            error = "IBAN may contain only letters and digits.";
            return null;
        }

        var country = normalised[..2];
        if (!LengthByCountry.TryGetValue(country, out var length))
        {
            error = string.Create(CultureInfo.InvariantCulture, $"'{country}' is not an IBAN country.");
            return null;
        }

        if (normalised.Length != length)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"An IBAN of {country} has {length} characters, this one has {normalised.Length}.");
            return null;
        }

        if (Mod97(normalised) != 1)
        {
            error = "IBAN check digits do not match (ISO 13616 mod 97).";
            return null;
        }

        error = null;
        return new Iban(normalised);
    }

    private static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is ' ' or '-' or '\u00A0' or '\t')
            {
                continue;
            }

            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString();
    }

    // ISO 7064 MOD 97-10 over BBAN + country + check digits, letters as 10..35, computed piecewise
    // so no big integer is needed.
    private static int Mod97(string iban)
    {
        var remainder = 0;
        for (var i = 0; i < iban.Length; i++)
        {
            var c = iban[(i + 4) % iban.Length];
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else
            {
                var value = c - 'A' + 10;
                remainder = ((remainder * 100) + value) % 97;
            }
        }

        return remainder;
    }

    private static string Group(string value)
    {
        var builder = new StringBuilder(value.Length + (value.Length / 4));
        for (var i = 0; i < value.Length; i++)
        {
            if (i > 0 && i % 4 == 0)
            {
                builder.Append(' ');
            }

            builder.Append(value[i]);
        }

        return builder.ToString();
    }
}
