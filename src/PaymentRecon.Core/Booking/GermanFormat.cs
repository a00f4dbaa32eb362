using System.Globalization;

namespace PaymentRecon.Booking;

/// <summary>Number and date forms of the HKR file and of German texts for finance staff.</summary>
internal static class GermanFormat
{
    private static readonly NumberFormatInfo FileNumbers = new()
    {
        NumberDecimalSeparator = ",",
        NegativeSign = "-",
        NumberGroupSeparator = "",
    };

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    /// <summary>File form: decimal comma, two decimals, minus sign, no thousands separator (<c>-1234,50</c>).</summary>
    public static string FileAmount(decimal amount) => amount.ToString("0.00", FileNumbers);

    /// <summary><c>TT.MM.JJJJ</c>.</summary>
    public static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    /// <summary>Text form for people: <c>1.234,50 EUR</c>.</summary>
    public static string Amount(Money money) =>
        money.Amount.ToString("#,##0.00", German) + " " + money.Currency.Code;

    /// <summary>Text form without currency: <c>1.234,50</c>.</summary>
    public static string Number(decimal amount) => amount.ToString("#,##0.00", German);
}
