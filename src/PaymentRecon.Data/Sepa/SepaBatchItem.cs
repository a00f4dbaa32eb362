namespace PaymentRecon.Data.Sepa;

/// <summary>A collection booked as an item of a batch credit from its pain.008 (<c>recon.sepa_batch_item_receipt</c>).</summary>
/// <param name="ReceiptKey">Entry id × 2^20 + 2^19 + n.</param>
public sealed record SepaBatchItem(
    long ReceiptKey,
    long EntryId,
    long CollectionId,
    string EndToEndId,
    decimal Amount,
    string PaymentInformationId,
    string FileName);
