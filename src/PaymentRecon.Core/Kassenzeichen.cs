namespace PaymentRecon;

/// <summary>
/// The payment reference printed on the Bescheid; several Soll positions may share one. A value
/// of this type has passed its procedure's <see cref="KassenzeichenFormat"/> (check digit included).
/// </summary>
public sealed record Kassenzeichen
{
    internal Kassenzeichen(string value) => Value = value;

    /// <summary>Normalised form: no separators, upper case.</summary>
    public string Value { get; }

    /// <summary>Parses with the contract's default format (13 digits, ISO 7064 MOD 11,10).</summary>
    public static Kassenzeichen Parse(string text) => KassenzeichenFormat.Default.Parse(text);

    public static bool TryParse(string? text, out Kassenzeichen? kassenzeichen) =>
        KassenzeichenFormat.Default.TryParse(text, out kassenzeichen);

    public override string ToString() => Value;
}
