namespace PaymentRecon.Data.Reconciliation;

/// <summary>
/// The number a receipt is known by: entry id × 2^20 + item (0 for a whole entry, n for the n-th
/// item of a collective entry). Same formula as the view <c>recon.receipt_keyed</c>.
/// </summary>
public static class ReceiptKey
{
    public const int ItemBits = 20;

    /// <summary>
    /// Items of a batch credit booked from its pain.008 are numbered from here (2^19 + n), so they
    /// never share a key with the items of a camt.054 that arrives for the same entry later.
    /// </summary>
    public const int Pain008ItemBase = 1 << (ItemBits - 1);

    public static long Of(long entryId, int item) =>
        item is >= 0 and < 1 << ItemBits
            ? (entryId << ItemBits) | (long)item
            : throw new ArgumentOutOfRangeException(nameof(item), item, "A collective entry with more than 1,048,575 items cannot be keyed.");

    public static long EntryId(long receiptKey) => receiptKey >> ItemBits;

    public static int Item(long receiptKey) => (int)(receiptKey & ((1L << ItemBits) - 1));
}
