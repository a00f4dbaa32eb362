using PaymentRecon.Booking;

namespace PaymentRecon.Matching;

/// <summary>The lines of one earlier receipt, grouped, with the keys a return or reversal finds it by.</summary>
internal sealed class PriorReceipt
{
    public PriorReceipt(long receiptId, DateOnly bookingDate)
    {
        ReceiptId = receiptId;
        BookingDate = bookingDate;
    }

    public long ReceiptId { get; }

    public DateOnly BookingDate { get; set; }

    public List<PriorBooking> Lines { get; } = [];

    public string? EndToEndId { get; set; }

    public string? MandateId { get; set; }

    public string? AccountServicerReference { get; set; }

    public long? ReversesReceiptId { get; set; }

    /// <summary>Undone by a return or reversal already: must not be undone twice.</summary>
    public bool Undone { get; set; }

    public decimal NetTotal => Lines.Sum(l => l.Amount.Amount);

    /// <summary>The lines netted per Satzart and position (a released VWG and its IST cancel out), without zeros.</summary>
    public IEnumerable<PriorBooking> NetLines() =>
        Lines
            .GroupBy(l => (l.Satzart, l.PositionId, l.Kassenzeichen, l.Amount.Currency))
            .Select(g => g.First() with { Amount = new Money(g.Sum(l => l.Amount.Amount), g.Key.Currency) })
            .Where(l => !l.Amount.IsZero)
            .OrderBy(l => l.Satzart)
            .ThenBy(l => l.PositionId ?? 0);

    public IEnumerable<string> Kassenzeichen => Lines.Where(l => l.Satzart == Satzart.Ist && l.Kassenzeichen is not null).Select(l => l.Kassenzeichen!).Distinct(StringComparer.Ordinal);
}
