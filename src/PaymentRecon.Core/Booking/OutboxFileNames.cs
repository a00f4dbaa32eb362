using System.Globalization;

namespace PaymentRecon.Booking;

/// <summary>Names of the files written to the outbox (contract section 4).</summary>
public static class OutboxFileNames
{
    /// <summary><c>BUCHUNGEN_JJJJMMTT_NNNN</c> (without extension).</summary>
    public static string Bookings(DateOnly date, int sequence) => Name("BUCHUNGEN", date, sequence);

    /// <summary><c>BERICHT_JJJJMMTT_NNNN</c> (without extension).</summary>
    public static string Report(DateOnly date, int sequence) => Name("BERICHT", date, sequence);

    private static string Name(string prefix, DateOnly date, int sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, 9999);
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}_{date:yyyyMMdd}_{sequence:0000}");
    }
}
