namespace PaymentRecon.Data.Sepa;

/// <summary>
/// One submitted payment information block (<c>PmtInf</c>) of a pain.008 as a batch credit without
/// details is compared with it: what the bank should have credited, and whether another entry was
/// already booked from it.
/// </summary>
/// <param name="Id">Row id in <c>recon.sepa_payment_information</c>.</param>
/// <param name="FileName">The pain.008 file as it arrived in the inbox.</param>
/// <param name="BookedWithEntryId">The batch entry already booked from this block, if any.</param>
public sealed record SepaBatchBlock(
    long Id,
    string MessageId,
    string FileName,
    string PaymentInformationId,
    string? CreditorIban,
    long CollectionCount,
    decimal TotalAmount,
    long RejectedCount,
    decimal RejectedAmount,
    long? BookedWithEntryId)
{
    /// <summary>What the bank credits: the collections a pain.002 did not reject.</summary>
    public decimal ExpectedAmount => TotalAmount - RejectedAmount;

    public long ExpectedCount => CollectionCount - RejectedCount;
}
