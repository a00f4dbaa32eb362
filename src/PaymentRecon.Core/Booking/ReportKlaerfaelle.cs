namespace PaymentRecon.Booking;

/// <summary>Klärfälle: opened and resolved in this run, and open after it.</summary>
public sealed record ReportKlaerfaelle(int Opened, decimal OpenedSum, int Resolved, decimal ResolvedSum, int OpenAfterRun, decimal OpenAfterRunSum);
