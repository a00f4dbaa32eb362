namespace PaymentRecon.Sepa;

/// <summary>One <c>TxInfAndSts</c>: the status of one original collection.</summary>
/// <param name="OriginalEndToEndId"><c>OrgnlEndToEndId</c>.</param>
/// <param name="Status"><c>TxSts</c>, e.g. RJCT; null when the report gives none for the transaction.</param>
/// <param name="OriginalAmount"><c>OrgnlTxRef/Amt/InstdAmt</c> when given.</param>
/// <param name="OriginalMandateId"><c>OrgnlTxRef/MndtRltdInf/MndtId</c> when given.</param>
public sealed record Pain002TransactionStatus(
    string? OriginalInstructionId,
    string? OriginalEndToEndId,
    string? Status,
    IReadOnlyList<StatusReason> Reasons,
    Money? OriginalAmount,
    string? OriginalMandateId);
