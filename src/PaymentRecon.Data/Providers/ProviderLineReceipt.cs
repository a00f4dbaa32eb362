using PaymentRecon.Data.Reconciliation;
using PaymentRecon.Matching;

namespace PaymentRecon.Data.Providers;

/// <summary>
/// A transaction line of a linked payout as a receipt of its own: gross amount, the report's
/// reference as the structured reference (so the Kassenzeichen rules apply unchanged), the bank
/// entry's dates and statement. Its key is item n (1..) of the payout's bank entry.
/// </summary>
public static class ProviderLineReceipt
{
    public static ReceiptRow Row(ProviderLine line, long receiptKey, ReceiptRow payoutEntry)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(payoutEntry);
        var entry = payoutEntry.Receipt;
        return Row(line, receiptKey, payoutEntry.EntryId, payoutEntry.StatementId, payoutEntry.Auszug, entry.BookingDate, entry.ValueDate, entry.AccountServicerReference);
    }

    public static ReceiptRow Row(ProviderLine line, long receiptKey, long entryId, long statementId, string auszug, DateOnly bookingDate, DateOnly valueDate, string? acctSvcrRef)
    {
        ArgumentNullException.ThrowIfNull(line);
        var receipt = new Receipt
        {
            Id = receiptKey,
            Amount = new Money(line.Gross, Currency.Parse(line.Currency)),
            BookingDate = bookingDate,
            ValueDate = valueDate,
            CreditorReference = string.IsNullOrWhiteSpace(line.Reference) ? null : line.Reference.Trim(),
        };
        var text = string.IsNullOrWhiteSpace(line.Reference)
            ? $"{line.Profile} {line.TransactionId}"
            : $"{line.Profile} {line.TransactionId} {line.Reference.Trim()}";
        return new ReceiptRow(receipt, entryId, statementId, auszug, text, acctSvcrRef ?? line.TransactionId);
    }
}
