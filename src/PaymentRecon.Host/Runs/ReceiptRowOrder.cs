using PaymentRecon.Data.Reconciliation;
using PaymentRecon.Matching;

namespace PaymentRecon.Host.Runs;

/// <summary>Receipt rows in the matcher's order (<see cref="MatchingSession.Compare"/>).</summary>
internal sealed class ReceiptRowOrder : IComparer<ReceiptRow>
{
    public static ReceiptRowOrder Instance { get; } = new();

    public int Compare(ReceiptRow? x, ReceiptRow? y) =>
        x is null ? (y is null ? 0 : -1) : y is null ? 1 : MatchingSession.Compare(x.Receipt, y.Receipt);
}
