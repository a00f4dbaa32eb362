namespace PaymentRecon.Booking;

/// <summary>An input file of the run.</summary>
/// <param name="Kind">E.g. <c>camt.053</c>, <c>soll-standard</c>.</param>
/// <param name="Accepted">False: quarantined whole.</param>
/// <param name="Problems">Why it was rejected (line or XML path and what is wrong).</param>
public sealed record ReportFile(string Name, string Kind, bool Accepted, IReadOnlyList<string> Problems);
