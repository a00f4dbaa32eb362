namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>A Kassenzeichen as staff type it: separators and case as <see cref="KassenzeichenFormat.Normalise"/> handles them, and a leading "KZ" or "Kassenzeichen:".</summary>
internal static class KassenzeichenText
{
    private static readonly string[] Prefixes = ["KASSENZEICHEN", "KASSENZ", "KZ"];

    public static string Normalise(string text)
    {
        var value = KassenzeichenFormat.Normalise(text);
        foreach (var prefix in Prefixes)
        {
            // Only in front of a digit: an alphanumeric Kassenzeichen may itself begin with letters.
            var rest = value.StartsWith(prefix, StringComparison.Ordinal) ? value[prefix.Length..].TrimStart(':') : "";
            if (rest.Length > 0 && char.IsAsciiDigit(rest[0]))
            {
                return rest;
            }
        }

        return value;
    }
}
