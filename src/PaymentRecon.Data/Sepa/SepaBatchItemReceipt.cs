using PaymentRecon.Data.Reconciliation;
using PaymentRecon.Matching;

namespace PaymentRecon.Data.Sepa;

/// <summary>
/// A collection of a pain.008 block as a receipt of its own on the batch entry that credited it:
/// amount, EndToEndId, mandate and debtor from the pain.008, the Kassenzeichen of the submission as
/// structured reference (the remittance text of a direct debit is ours, not the payer's), the bank
/// entry's dates and statement. The EndToEndId and mandate stay on the booking line so a later
/// return finds it.
/// </summary>
public static class SepaBatchItemReceipt
{
    public static ReceiptRow Row(SepaDirectDebit collection, long receiptKey, ReceiptRow batchEntry)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(batchEntry);
        var entry = batchEntry.Receipt;
        var receipt = new Receipt
        {
            Id = receiptKey,
            Amount = new Money(collection.Amount, Currency.Parse(collection.Currency)),
            BookingDate = entry.BookingDate,
            ValueDate = entry.ValueDate,
            EndToEndId = collection.EndToEndId,
            MandateId = collection.MandateId,
            CreditorReference = collection.Kassenzeichen,
            PayerName = collection.DebtorName,
            PayerIban = collection.DebtorIban,
            Gvc = entry.Gvc,
            AccountServicerReference = entry.AccountServicerReference,
        };
        return new ReceiptRow(
            receipt,
            batchEntry.EntryId,
            batchEntry.StatementId,
            batchEntry.Auszug,
            string.IsNullOrWhiteSpace(collection.Remittance) ? null : collection.Remittance,
            entry.AccountServicerReference ?? collection.EndToEndId);
    }

    /// <summary>The receipt as the Kassenzeichen rules see it: only the Kassenzeichen of the submission, not the EndToEndId.</summary>
    public static Receipt ForMatcher(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return receipt with { EndToEndId = null, RemittanceLines = [] };
    }
}
