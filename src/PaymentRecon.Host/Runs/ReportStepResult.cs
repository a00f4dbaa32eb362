using PaymentRecon.Booking;

namespace PaymentRecon.Host.Runs;

/// <summary>The report step: the report file and the Klärfall figures of the run.</summary>
internal sealed record ReportStepResult(string ReportFile, ReportKlaerfaelle Klaerfaelle);
