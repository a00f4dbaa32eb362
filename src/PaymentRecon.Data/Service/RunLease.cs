namespace PaymentRecon.Data.Service;

/// <summary>A row of <c>recon.run_lease</c>.</summary>
public sealed record RunLease(DateOnly BusinessDate, string Holder, DateTime AcquiredAt, DateTime ExpiresAt);
