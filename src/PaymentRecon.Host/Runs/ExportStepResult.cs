using PaymentRecon.Booking;

namespace PaymentRecon.Host.Runs;

/// <summary>The export step: the control sum (checked first) and the booking files written.</summary>
/// <param name="ControlSumStatements">Keyed by the statement's row id.</param>
internal sealed record ExportStepResult(
    IReadOnlyDictionary<long, ControlSumStatement> ControlSumStatements,
    IReadOnlyList<ControlSumViolation> Violations,
    IReadOnlyList<string> BookingFiles);
