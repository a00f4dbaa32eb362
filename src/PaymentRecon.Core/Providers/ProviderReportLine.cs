namespace PaymentRecon.Providers;

/// <summary>
/// One validated row of a provider settlement report. Amounts are signed from the Landkreis' view:
/// a payment is positive, a refund negative, a payout (money leaving the provider for the bank)
/// negative. <see cref="Fee"/> is the provider's charge (positive = kept by the provider), so
/// <c>Gross − Fee = Net</c> always holds.
/// </summary>
/// <param name="LineNumber">Physical line in the file (header = 1).</param>
/// <param name="Reference">Kassenzeichen or order reference as written by the online service; matching decides what it is.</param>
/// <param name="PayoutId">The payout that pays this row; for a payout row its own transaction id; null when the report does not say.</param>
public sealed record ProviderReportLine(
    int LineNumber,
    ProviderLineKind Kind,
    string TransactionId,
    string? Reference,
    Money Gross,
    Money Fee,
    Money Net,
    DateOnly PaymentDate,
    TimeOnly? PaymentTime,
    string? PayoutId,
    string? Status,
    string? Type);
