using PaymentRecon.Camt;

namespace PaymentRecon.Booking;

/// <summary>One statement in the report: its balance check and its control sum.</summary>
/// <param name="Iban">Our account.</param>
/// <param name="Balance">Null when not checked (e.g. a camt.054).</param>
/// <param name="ControlSum">Null when the statement was not reconciled in this run (e.g. held back).</param>
/// <param name="Note">Why it was held back, if so.</param>
public sealed record ReportStatement(
    string Id,
    string? Iban,
    long? ElectronicSequenceNumber,
    long? LegalSequenceNumber,
    BalanceCheck? Balance,
    ControlSumStatement? ControlSum,
    string? Note = null);
