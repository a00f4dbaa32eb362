namespace PaymentRecon.Camt;

/// <summary>camt: <c>Ntry/NtryDtls/Btch</c>: the entry is a collective booking.</summary>
/// <param name="MessageId">camt: <c>Btch/MsgId</c>.</param>
/// <param name="PaymentInformationId">camt: <c>Btch/PmtInfId</c>: our pain.008 batch for own direct debits.</param>
/// <param name="NumberOfTransactions">camt: <c>Btch/NbOfTxs</c>.</param>
/// <param name="TotalAmount">camt: <c>Btch/TtlAmt</c>, signed by <c>Btch/CdtDbtInd</c> when given.</param>
public sealed record BatchInformation(string? MessageId, string? PaymentInformationId, int? NumberOfTransactions, Money? TotalAmount);
