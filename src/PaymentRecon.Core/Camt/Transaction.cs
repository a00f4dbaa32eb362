namespace PaymentRecon.Camt;

/// <summary>camt: <c>Ntry/NtryDtls/TxDtls</c>: one payment inside an entry (one of many in a batch).</summary>
/// <param name="Index">Position within the entry, from 0.</param>
/// <param name="Amount">
/// Signed amount of this payment: <c>TxDtls/Amt</c> + <c>CdtDbtInd</c> (.04 on), else
/// <c>AmtDtls/TxAmt</c>, else <c>AmtDtls/InstdAmt</c>, else the entry's amount when the entry has
/// exactly this one transaction; null when the file does not say.
/// </param>
/// <param name="InstructedAmount">camt: <c>AmtDtls/InstdAmt/Amt</c>; for a return, the original collection amount. Unsigned.</param>
/// <param name="TransactionAmount">camt: <c>AmtDtls/TxAmt/Amt</c>. Unsigned.</param>
/// <param name="RemittanceLines">camt: every <c>RmtInf/Ustrd</c>, in order, as received.</param>
/// <param name="CreditorReference">camt: <c>RmtInf/Strd/CdtrRefInf/Ref</c> (e.g. an RF reference).</param>
/// <param name="CreditorReferenceType">camt: <c>RmtInf/Strd/CdtrRefInf/Tp/CdOrPrtry/Cd</c> (SCOR) or <c>Prtry</c>.</param>
/// <param name="DebtorName">camt: <c>RltdPties/Dbtr/Nm</c> (.02/.04) or <c>RltdPties/Dbtr/Pty/Nm</c> (.08).</param>
/// <param name="DebtorIban">camt: <c>RltdPties/DbtrAcct/Id/IBAN</c>, as written.</param>
/// <param name="CreditorId">camt: <c>RltdPties/Cdtr/Id/PrvtId/Othr/Id</c>: the SEPA creditor identifier.</param>
/// <param name="DebtorAgentBic">camt: <c>RltdAgts/DbtrAgt/FinInstnId/BIC</c> (.02) or <c>BICFI</c> (.04 on).</param>
public sealed record Transaction(
    int Index,
    TransactionReferences References,
    Money? Amount,
    Money? InstructedAmount,
    Money? TransactionAmount,
    BankTransactionCode BankTransactionCode,
    IReadOnlyList<Charge> Charges,
    string? DebtorName,
    string? DebtorIban,
    string? UltimateDebtorName,
    string? CreditorName,
    string? CreditorIban,
    string? UltimateCreditorName,
    string? CreditorId,
    string? DebtorAgentBic,
    string? PurposeCode,
    IReadOnlyList<string> RemittanceLines,
    string? CreditorReference,
    string? CreditorReferenceType,
    ReturnInformation? Return,
    string? AdditionalTransactionInformation)
{
    /// <summary>
    /// Direction of this payment: <c>TxDtls/CdtDbtInd</c> (.04 on), else the entry's. The sign of
    /// <see cref="Amount"/> follows it.
    /// </summary>
    public CreditDebit CreditDebit { get; init; }

    /// <summary>camt: <c>AmtDtls/CntrValAmt/Amt</c>. Unsigned.</summary>
    public Money? CounterValueAmount { get; init; }

    /// <summary>camt: <c>AmtDtls/AnncdPstngAmt/Amt</c>. Unsigned.</summary>
    public Money? AnnouncedPostingAmount { get; init; }

    /// <summary>camt: <c>RltdPties/InitgPty/Nm</c> (.02/.04) or <c>InitgPty/Pty/Nm</c> (.08).</summary>
    public string? InitiatingPartyName { get; init; }

    /// <summary>The remittance lines made usable: joined, tags split out, NOTPROVIDED empty. Computed on each call.</summary>
    public RemittanceText Remittance => RemittanceText.Parse(RemittanceLines);
}
