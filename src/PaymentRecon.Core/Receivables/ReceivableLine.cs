namespace PaymentRecon.Receivables;

/// <summary>A valid row of a receivables file and the line it starts on (1 = the header).</summary>
public sealed record ReceivableLine(int LineNumber, Receivable Receivable);
