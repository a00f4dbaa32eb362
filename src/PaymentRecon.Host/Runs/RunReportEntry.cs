using PaymentRecon.Booking;

namespace PaymentRecon.Host.Runs;

/// <summary>A <see cref="ReportEntry"/> in a shape that goes into a step's stored result and back.</summary>
internal sealed record RunReportEntry(string StatementId, DateOnly BookingDate, decimal Amount, string Currency, string Rule, string? Text)
{
    public ReportEntry ToReportEntry() => new(StatementId, BookingDate, new Money(Amount, PaymentRecon.Currency.Parse(Currency)), Rule, Text);
}
