using PaymentRecon.Camt;

namespace PaymentRecon.Matching;

/// <summary>
/// One matchable item: a single entry, or one transaction of a resolved batch. The lead maps
/// statement rows into this; the matcher reads nothing else.
/// </summary>
public sealed record Receipt
{
    /// <summary>Stable id of the entry or transaction; also the deterministic tie-breaker.</summary>
    public required long Id { get; init; }

    /// <summary>Signed amount: credits positive, debits negative (camt <c>Amt</c> + <c>CdtDbtInd</c>).</summary>
    public required Money Amount { get; init; }

    public required DateOnly BookingDate { get; init; }

    public required DateOnly ValueDate { get; init; }

    /// <summary>camt: every <c>RmtInf/Ustrd</c>, in order, as received.</summary>
    public IReadOnlyList<string> RemittanceLines { get; init; } = [];

    /// <summary>camt: <c>Refs/EndToEndId</c>; <c>NOTPROVIDED</c> is ignored.</summary>
    public string? EndToEndId { get; init; }

    /// <summary>camt: <c>Refs/MndtId</c>.</summary>
    public string? MandateId { get; init; }

    /// <summary>camt: <c>RmtInf/Strd/CdtrRefInf/Ref</c> (an RF reference or a plain structured reference).</summary>
    public string? CreditorReference { get; init; }

    /// <summary>The counterparty: debtor of a credit, creditor of a debit.</summary>
    public string? PayerName { get; init; }

    public string? PayerIban { get; init; }

    /// <summary>German Geschäftsvorfallcode, e.g. 166, 109, 805.</summary>
    public string? Gvc { get; init; }

    public BankTransactionCode BankTransactionCode { get; init; } = BankTransactionCode.Empty;

    /// <summary>camt: <c>RtrInf</c> present (Rücklastschrift, SCT return).</summary>
    public bool IsReturn { get; init; }

    /// <summary>camt: <c>RtrInf/Rsn/Cd</c> or <c>Prtry</c>.</summary>
    public string? ReturnReason { get; init; }

    /// <summary>camt: <c>AmtDtls/InstdAmt</c>: for a return, the original amount (unsigned).</summary>
    public Money? InstructedAmount { get; init; }

    /// <summary>The entry's charges as a positive amount (e.g. the 3.00 return fee); null or zero when none.</summary>
    public Money? Charges { get; init; }

    /// <summary>camt: <c>RvslInd</c>: the bank cancels an earlier booking (Storno).</summary>
    public bool IsReversal { get; init; }

    /// <summary>camt: <c>AcctSvcrRef</c> of the entry (null for NONREF).</summary>
    public string? AccountServicerReference { get; init; }

    /// <summary>camt: <c>AddtlNtryInf</c>, e.g. "LS RUECKBELASTUNG"; shown in reasons only.</summary>
    public string? AdditionalInformation { get; init; }

    public CreditDebit CreditDebit => Amount.Amount < 0m ? CreditDebit.Debit : CreditDebit.Credit;

    public Currency Currency => Amount.Currency;
}
