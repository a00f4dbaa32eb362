namespace PaymentRecon.Booking;

/// <summary>A Soll position reopened by the return of an own direct debit: reminder or collect again.</summary>
/// <param name="Amount">Reopened on the position.</param>
/// <param name="Charges">The return fee booked as GEB.</param>
public sealed record ReportDirectDebitReturn(
    DateOnly BookingDate,
    string Kassenzeichen,
    string Verfahren,
    string AnordnungsNr,
    decimal Amount,
    decimal Charges,
    string? ReturnReason,
    string? EndToEndId,
    string? MandateId);
