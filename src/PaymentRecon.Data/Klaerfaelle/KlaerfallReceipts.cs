using Npgsql;
using PaymentRecon.Data.Providers;
using PaymentRecon.Data.Reconciliation;
using PaymentRecon.Data.Sepa;

namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>
/// The receipt behind a Klärfall, wherever it lives: a bank item (<c>recon.receipt_keyed</c>), a
/// line of a provider report booked on its payout, or a collection booked from a pain.008 on its
/// batch credit. The last two are no bank items, so without this they could not be shown with
/// their own amount nor assigned by hand.
/// </summary>
internal static class KlaerfallReceipts
{
    public static async Task<List<ReceiptRow>> RowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[] keys, CancellationToken cancellationToken)
    {
        var rows = await new ReconciliationStore(connection, transaction).ReceiptsAsync(keys, cancellationToken).ConfigureAwait(false);
        var missing = keys.Except(rows.Select(r => r.Receipt.Id)).ToArray();
        if (missing.Length > 0)
        {
            rows.AddRange(await new ProviderLinkStore(connection, transaction).LineReceiptsAsync(missing, cancellationToken).ConfigureAwait(false));
            missing = keys.Except(rows.Select(r => r.Receipt.Id)).ToArray();
        }

        if (missing.Length > 0)
        {
            rows.AddRange(await new SepaBatchItemStore(connection, transaction).ItemReceiptsAsync(missing, cancellationToken).ConfigureAwait(false));
        }

        return rows;
    }
}
