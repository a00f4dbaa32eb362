namespace PaymentRecon.Camt;

/// <summary>camt: <c>Stmt/Ntry</c>: one booking on the account (a single payment or a batch).</summary>
/// <param name="Index">Position within the statement, from 0: tells two identical entries apart.</param>
/// <param name="XmlPath">Where it stands in the file, e.g. <c>/Document/BkToCstmrStmt/Stmt[1]/Ntry[17]</c>.</param>
/// <param name="Amount">camt: <c>Amt</c>, signed by <c>CdtDbtInd</c> (a debit is negative), exactly as written.</param>
/// <param name="Reversal">camt: <c>RvslInd</c>. The balance still follows <see cref="CreditDebit"/>.</param>
/// <param name="StatusCode">camt: <c>Sts</c> or <c>Sts/Cd</c>/<c>Sts/Prtry</c>, as written.</param>
/// <param name="BookingDate">camt: <c>BookgDt/Dt</c>, or the date of <c>BookgDt/DtTm</c>.</param>
/// <param name="ValueDate">camt: <c>ValDt/Dt</c>, or the date of <c>ValDt/DtTm</c>.</param>
/// <param name="AccountServicerReference">camt: <c>AcctSvcrRef</c>; <c>NONREF</c> is read as null.</param>
/// <param name="AdditionalInfoMessageNameId">camt: <c>AddtlInfInd/MsgNmId</c>, e.g. camt.054.001.08.</param>
/// <param name="AdditionalInfoMessageId">camt: <c>AddtlInfInd/MsgId</c>: the camt.054 holding the details.</param>
/// <param name="InstructedAmount">camt: <c>AmtDtls/InstdAmt/Amt</c>. Unsigned.</param>
/// <param name="TransactionAmount">camt: <c>AmtDtls/TxAmt/Amt</c>. Unsigned.</param>
/// <param name="AdditionalEntryInformation">camt: <c>AddtlNtryInf</c>, often the booking text ("LS RUECKBELASTUNG").</param>
public sealed record Entry(
    int Index,
    string XmlPath,
    string? EntryReference,
    Money Amount,
    CreditDebit CreditDebit,
    bool Reversal,
    EntryStatus Status,
    string StatusCode,
    DateOnly? BookingDate,
    DateOnly? ValueDate,
    string? AccountServicerReference,
    BankTransactionCode BankTransactionCode,
    string? AdditionalInfoMessageNameId,
    string? AdditionalInfoMessageId,
    Money? InstructedAmount,
    Money? TransactionAmount,
    IReadOnlyList<Charge> Charges,
    IReadOnlyList<BatchInformation> Batches,
    IReadOnlyList<Transaction> Transactions,
    string? AdditionalEntryInformation)
{
    /// <summary>True for a collective booking: a <c>Btch</c> element, or more than one <c>TxDtls</c>.</summary>
    public bool IsBatch => Batches.Count > 0 || Transactions.Count > 1;

    /// <summary>
    /// For a collective entry: whether its details add up (count = <c>Btch/NbOfTxs</c>, Σ TxDtls = entry
    /// amount); null for a single payment. A failure is data, not a rejection: the batch goes to a Klärfall.
    /// </summary>
    public BatchCheck? BatchCheck => Camt.BatchCheck.For(this);

    /// <summary>The GVC of the entry, else of its first transaction (DK puts it on transaction level).</summary>
    public string? Gvc => BankTransactionCode.Gvc ?? Transactions.Select(t => t.BankTransactionCode.Gvc).FirstOrDefault(g => g is not null);
}
