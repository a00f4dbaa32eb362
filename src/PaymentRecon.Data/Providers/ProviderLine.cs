namespace PaymentRecon.Data.Providers;

/// <summary>A stored report line (<c>recon.provider_line</c>), as the booking reads it.</summary>
/// <param name="Kind"><c>transaction</c> or <c>payout</c>.</param>
/// <param name="Reference">Kassenzeichen or order reference as reported; the matching decides.</param>
public sealed record ProviderLine(
    long Id,
    long ReportId,
    string Profile,
    int LineNumber,
    string Kind,
    string TransactionId,
    string? Reference,
    decimal Gross,
    decimal Fee,
    decimal Net,
    string Currency,
    DateOnly PaymentDate,
    string? PayoutId,
    string? Status,
    string? Type);
