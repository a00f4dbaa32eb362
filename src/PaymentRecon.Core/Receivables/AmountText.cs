using System.Globalization;

namespace PaymentRecon.Receivables;

/// <summary>
/// Strict parsing of amounts as procedures export them (<c>1.234,56</c>, <c>-12,5</c>, <c>1234.56</c>,
/// <c>12,00-</c>). Stricter than <see cref="decimal.TryParse(string, NumberStyles, IFormatProvider, out decimal)"/>:
/// thousands separators only between groups of three, at most two decimals, at most 13 integer
/// digits (the column is <c>numeric(15,2)</c>). Nothing is rounded.
/// </summary>
internal static class AmountText
{
    private const int MaxIntegerDigits = 13;

    /// <summary>Null when <paramref name="text"/> is an amount, else the reason in German.</summary>
    public static string? TryParse(ReadOnlySpan<char> text, char decimalSeparator, char? thousandsSeparator, out decimal amount)
    {
        amount = 0m;
        var negative = false;
        if (text.Length > 0 && text[0] is '-' or '+')
        {
            negative = text[0] == '-';
            text = text[1..].TrimStart();
        }
        else if (text.Length > 0 && text[^1] == '-')
        {
            // SAP-style trailing minus.
            negative = true;
            text = text[..^1].TrimEnd();
        }

        var separator = text.IndexOf(decimalSeparator);
        var integerPart = separator < 0 ? text : text[..separator];
        var fraction = separator < 0 ? [] : text[(separator + 1)..];
        if (integerPart.IsEmpty)
        {
            return "Kein Betrag: vor dem Dezimaltrennzeichen steht keine Ziffer.";
        }

        if (separator >= 0 && fraction.IsEmpty)
        {
            return "Kein Betrag: nach dem Dezimaltrennzeichen steht keine Ziffer.";
        }

        long mantissa = 0;
        var digits = 0;
        var groupLength = -1; // digits since the last thousands separator; -1 before the first one
        foreach (var c in integerPart)
        {
            if (char.IsAsciiDigit(c))
            {
                mantissa = (mantissa * 10) + (c - '0');
                digits++;
                if (groupLength >= 0)
                {
                    groupLength++;
                }

                if (digits > MaxIntegerDigits)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"Betrag zu groß: höchstens {MaxIntegerDigits} Stellen vor dem Komma.");
                }
            }
            else if (c == thousandsSeparator && digits > 0 && (groupLength < 0 ? digits <= 3 : groupLength == 3))
            {
                groupLength = 0;
            }
            else
            {
                return c == thousandsSeparator
                    ? "Kein Betrag: Tausendertrennzeichen an falscher Stelle."
                    : $"Kein Betrag: unerwartetes Zeichen '{c}' (Dezimaltrennzeichen '{decimalSeparator}'{(thousandsSeparator is { } t ? $", Tausendertrennzeichen '{t}'" : ", keine Tausendertrennzeichen")}).";
            }
        }

        if (groupLength is >= 0 and not 3)
        {
            return "Kein Betrag: Tausendertrennzeichen an falscher Stelle.";
        }

        if (fraction.Length > 2)
        {
            return "Betrag hat mehr als zwei Nachkommastellen.";
        }

        foreach (var c in fraction)
        {
            if (!char.IsAsciiDigit(c))
            {
                return $"Kein Betrag: unerwartetes Zeichen '{c}' nach dem Dezimaltrennzeichen.";
            }
        }

        for (var i = 0; i < 2; i++)
        {
            mantissa = (mantissa * 10) + (i < fraction.Length ? fraction[i] - '0' : 0);
        }

        amount = new decimal(unchecked((int)(uint)mantissa), (int)(mantissa >> 32), 0, negative && mantissa != 0, 2);
        return null;
    }
}
