using PaymentRecon.Booking;

namespace PaymentRecon.Host.Runs;

/// <summary>The report step: the report file, the Klärfall figures of the run and further lines for the printed summary.</summary>
internal sealed record ReportStepResult(string ReportFile, ReportKlaerfaelle Klaerfaelle, IReadOnlyList<string> SummaryLines);
