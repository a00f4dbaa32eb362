namespace PaymentRecon.Sepa;

/// <summary>One <c>DrctDbtTxInf</c> of a submitted pain.008: one collection from one debtor.</summary>
/// <param name="Position">1-based within its payment information.</param>
/// <param name="EndToEndId"><c>PmtId/EndToEndId</c>: set by the Landkreis, returned unchanged in camt credits and returns.</param>
/// <param name="Amount"><c>InstdAmt</c> with its <c>Ccy</c>.</param>
/// <param name="MandateId"><c>DrctDbtTx/MndtRltdInf/MndtId</c>.</param>
/// <param name="MandateSignedOn"><c>DrctDbtTx/MndtRltdInf/DtOfSgntr</c>.</param>
/// <param name="CreditorSchemeId">Transaction-level <c>DrctDbtTx/CdtrSchmeId</c>, else the payment information's.</param>
/// <param name="DebtorName"><c>Dbtr/Nm</c>. Personal data.</param>
/// <param name="DebtorIban"><c>DbtrAcct/Id/IBAN</c> as written. Personal data.</param>
/// <param name="RemittanceLines"><c>RmtInf/Ustrd</c>, each occurrence.</param>
/// <param name="CreditorReference"><c>RmtInf/Strd/CdtrRefInf/Ref</c>.</param>
/// <param name="Kassenzeichen">Found in the structured reference, the remittance text or the EndToEndId; null when none or several.</param>
public sealed record Pain008Transaction(
    int Position,
    string EndToEndId,
    string? InstructionId,
    Money Amount,
    string MandateId,
    DateOnly? MandateSignedOn,
    string? CreditorSchemeId,
    string? DebtorName,
    string? DebtorIban,
    IReadOnlyList<string> RemittanceLines,
    string? CreditorReference,
    string? Kassenzeichen);
