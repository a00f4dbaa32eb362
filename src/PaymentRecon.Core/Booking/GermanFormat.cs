using System.Globalization;

namespace PaymentRecon.Booking;

/// <summary>Number and date forms of the HKR file and of German texts for finance staff.</summary>
public static class GermanFormat
{
    private static readonly NumberFormatInfo FileNumbers = new()
    {
        NumberDecimalSeparator = ",",
        NegativeSign = "-",
        NumberGroupSeparator = "",
    };

    /// <summary>File form: decimal comma, two decimals, minus sign, no thousands separator (<c>-1234,50</c>).</summary>
    public static string FileAmount(decimal amount) => amount.ToString("0.00", FileNumbers);

    /// <summary><c>TT.MM.JJJJ</c>.</summary>
    public static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    /// <summary>Text form for people: <c>1.234,50 EUR</c>.</summary>
    public static string Amount(Money money) => Number(money.Amount) + " " + money.Currency.Code;

    /// <summary>Text form without currency: <c>1.234,50</c>.</summary>
    /// <remarks>Built by hand: the matcher writes millions of reasons, and custom format strings are slow.</remarks>
    public static string Number(decimal amount)
    {
        var plain = decimal.Round(amount, 2, MidpointRounding.AwayFromZero).ToString("F2", CultureInfo.InvariantCulture);
        var negative = plain[0] == '-';
        var digits = plain.AsSpan(negative ? 1 : 0, plain.Length - (negative ? 4 : 3));
        var groups = (digits.Length - 1) / 3;
        Span<char> buffer = stackalloc char[plain.Length + groups];
        var position = 0;
        if (negative)
        {
            buffer[position++] = '-';
        }

        for (var i = 0; i < digits.Length; i++)
        {
            if (i > 0 && (digits.Length - i) % 3 == 0)
            {
                buffer[position++] = '.';
            }

            buffer[position++] = digits[i];
        }

        buffer[position++] = ',';
        buffer[position++] = plain[^2];
        buffer[position++] = plain[^1];
        return new string(buffer[..position]);
    }
}
