namespace PaymentRecon.Providers;

/// <summary>
/// Strict amount parsing for provider reports: a sign in front, thousands separators only between
/// groups of three, no more decimals than the currency has; cents as whole numbers. Nothing is
/// rounded: an amount that does not fit is an error, never a guess.
/// </summary>
internal static class ProviderAmountText
{
    private const int MaxIntegerDigits = 13;

    /// <summary>Null when <paramref name="text"/> is an amount, else the reason in German.</summary>
    public static string? TryParse(ReadOnlySpan<char> text, ProviderProfile profile, int minorUnits, out decimal amount)
    {
        amount = 0m;
        text = text.Trim();
        var negative = false;
        if (text.Length > 0 && text[0] is '-' or '+')
        {
            negative = text[0] == '-';
            text = text[1..].TrimStart();
        }

        if (text.IsEmpty)
        {
            return "Kein Betrag.";
        }

        if (profile.AmountUnit == AmountUnit.Cents)
        {
            long cents = 0;
            if (text.Length > 15)
            {
                return "Betrag in Cent ist zu groß.";
            }

            foreach (var c in text)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return "Betrag in Cent muss eine ganze Zahl sein.";
                }

                cents = (cents * 10) + (c - '0');
            }

            // Keeps the currency's scale: 1250 cents are 12.50, not 12.5.
            amount = new decimal(unchecked((int)(cents & 0xFFFFFFFF)), (int)(cents >> 32), 0, negative && cents != 0, (byte)minorUnits);
            return null;
        }

        var decimalSeparator = profile.DecimalSeparator[0];
        char? thousands = profile.ThousandsSeparator.Length == 1 ? profile.ThousandsSeparator[0] : null;
        var separator = text.IndexOf(decimalSeparator);
        var integerPart = separator < 0 ? text : text[..separator];
        var fraction = separator < 0 ? [] : text[(separator + 1)..];
        if (integerPart.IsEmpty || (separator >= 0 && fraction.IsEmpty))
        {
            return "Kein Betrag: Ziffern vor und nach dem Dezimaltrennzeichen fehlen.";
        }

        decimal value = 0m;
        var digits = 0;
        var groupLength = -1;
        foreach (var c in integerPart)
        {
            if (char.IsAsciiDigit(c))
            {
                value = (value * 10) + (c - '0');
                digits++;
                if (groupLength >= 0)
                {
                    groupLength++;
                }
            }
            else if (thousands == c && digits > 0 && (groupLength is -1 or 3) && (groupLength != -1 || digits <= 3))
            {
                groupLength = 0;
            }
            else
            {
                return $"Kein Betrag: unerwartetes Zeichen '{c}'.";
            }
        }

        if (groupLength is not (-1 or 3))
        {
            return "Kein Betrag: Tausendertrennzeichen nur zwischen Dreiergruppen.";
        }

        if (digits > MaxIntegerDigits)
        {
            return "Betrag ist zu groß.";
        }

        if (fraction.Length > minorUnits)
        {
            return $"Mehr als {minorUnits} Nachkommastellen.";
        }

        var scale = 1m;
        foreach (var c in fraction)
        {
            if (!char.IsAsciiDigit(c))
            {
                return $"Kein Betrag: unerwartetes Zeichen '{c}'.";
            }

            scale /= 10m;
            value += (c - '0') * scale;
        }

        amount = negative ? -value : value;
        return null;
    }
}
