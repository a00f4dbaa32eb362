namespace PaymentRecon.Booking;

/// <summary>One entry listed in the report (out of scope, or a collective entry waiting for its camt.054).</summary>
/// <param name="Text">Booking text or remittance text as received (HTML-encoded when written).</param>
public sealed record ReportEntry(string StatementId, DateOnly BookingDate, Money Amount, string Rule, string? Text);
