using PaymentRecon.Matching;

namespace PaymentRecon.Data.Reconciliation;

/// <summary>A receipt for the matcher, with what its booking lines repeat from the bank (payer, text, statement).</summary>
/// <param name="Auszug">Statement id and electronic sequence number, e.g. <c>STMT-20261126/812</c>.</param>
/// <param name="Verwendungszweck">The remittance lines joined as received.</param>
/// <param name="Bankreferenz">AcctSvcrRef of the entry, else EndToEndId.</param>
public sealed record ReceiptRow(
    Receipt Receipt,
    long EntryId,
    long StatementId,
    string Auszug,
    string? Verwendungszweck,
    string? Bankreferenz);
