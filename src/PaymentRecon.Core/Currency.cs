using System.Globalization;

namespace PaymentRecon;

/// <summary>
/// An ISO 4217 currency code. The cash office books in EUR; other currencies occur on foreign
/// entries and must be recognised (and routed to a Klärfall), not rejected by the reader.
/// </summary>
/// <remarks>
/// <c>default(Currency)</c> has no code and is not valid as an argument to any method: it almost
/// always indicates a value that was never set.
/// </remarks>
public readonly record struct Currency
{
    public static readonly Currency EUR = new("EUR", 2);

    // Minor units per ISO 4217 for the codes that do not use two; every other code uses two.
    private static readonly Dictionary<string, int> NonStandardMinorUnits = new(StringComparer.Ordinal)
    {
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
        ["CLP"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KRW"] = 0, ["PYG"] = 0, ["UGX"] = 0, ["VND"] = 0, ["XAF"] = 0, ["XOF"] = 0,
    };

    private Currency(string code, int minorUnits)
    {
        Code = code;
        MinorUnits = minorUnits;
    }

    /// <summary>The three upper-case letters, e.g. <c>EUR</c>. Null only for <c>default(Currency)</c>.</summary>
    public string Code { get; }

    /// <summary>Number of decimals an amount in this currency may have (EUR: 2).</summary>
    public int MinorUnits { get; }

    public bool IsDefault => Code is null;

    public static bool TryParse(string? code, out Currency currency)
    {
        currency = default;
        if (code is null || code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
        {
            return false;
        }

        currency = code == "EUR" ? EUR : new Currency(code, NonStandardMinorUnits.GetValueOrDefault(code, 2));
        return true;
    }

    public static Currency Parse(string code) =>
        TryParse(code, out var currency)
            ? currency
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"'{code}' is not an ISO 4217 currency code (three upper-case letters)."));

    public override string ToString() => Code ?? "";
}
