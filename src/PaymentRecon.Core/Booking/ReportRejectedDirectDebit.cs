namespace PaymentRecon.Booking;

/// <summary>A collection a pain.002 rejected before settlement ("Lastschrift abgelehnt"): nothing booked, the Soll stays open.</summary>
/// <param name="Level"><c>transaction</c>, <c>payment_information</c> (whole batch) or <c>group</c> (whole file).</param>
/// <param name="Kassenzeichen">Null when the collection named none, or its pain.008 is not imported.</param>
public sealed record ReportRejectedDirectDebit(
    string StatusReport,
    string Level,
    string? PaymentInformationId,
    string? EndToEndId,
    string? Kassenzeichen,
    decimal? Amount,
    string? DebtorName,
    string? MandateId,
    string? ReasonCode,
    string? ReasonText);
