namespace PaymentRecon.Camt;

/// <summary>camt: <c>Stmt/TxsSummry</c>, the bank's own totals, used as a cross-check.</summary>
public sealed record TransactionsSummary(
    int? EntryCount,
    decimal? EntrySum,
    int? CreditCount,
    decimal? CreditSum,
    int? DebitCount,
    decimal? DebitSum);
