namespace PaymentRecon.Data.Sepa;

/// <summary>
/// One submitted batch (<c>PmtInf</c>) with its totals: what a camt batch credit with this
/// <c>Btch/PmtInfId</c> is compared with. Rejected collections (pain.002) are not credited, so the
/// credit should equal <see cref="ExpectedCreditAmount"/>.
/// </summary>
public sealed record SepaPaymentInformationSummary(
    long Id,
    string MessageId,
    string PaymentInformationId,
    DateOnly RequestedCollectionDate,
    string? CreditorIban,
    long CollectionCount,
    decimal TotalAmount,
    long RejectedCount,
    decimal RejectedAmount)
{
    public decimal ExpectedCreditAmount => TotalAmount - RejectedAmount;

    public long ExpectedCreditCount => CollectionCount - RejectedCount;
}
