namespace PaymentRecon.Booking;

/// <summary>An entry for which the control sum does not hold; the export must not go out.</summary>
/// <param name="Message">German, for the report.</param>
public sealed record ControlSumViolation(string StatementId, string EntryReference, string Message);
