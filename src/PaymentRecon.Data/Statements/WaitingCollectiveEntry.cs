namespace PaymentRecon.Data.Statements;

/// <summary>A camt.053 collective entry whose camt.054 details have not arrived (or did not fit): not lost, not matchable yet.</summary>
/// <param name="AdditionalInfoMessageId">camt: <c>AddtlInfInd/MsgId</c>, the camt.054 it waits for.</param>
/// <param name="PaymentInformationId">camt: <c>Btch/PmtInfId</c>.</param>
/// <param name="NumberOfTransactions">camt: <c>Btch/NbOfTxs</c>.</param>
public sealed record WaitingCollectiveEntry(
    long EntryId,
    long StatementRowId,
    string StatementId,
    string AccountKey,
    decimal Amount,
    string Currency,
    DateOnly? BookingDate,
    string? AccountServicerReference,
    string? AdditionalInfoMessageId,
    string? PaymentInformationId,
    int? NumberOfTransactions,
    string XmlPath);
