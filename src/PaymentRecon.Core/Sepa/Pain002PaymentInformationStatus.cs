namespace PaymentRecon.Sepa;

/// <summary>One <c>OrgnlPmtInfAndSts</c>: the status of one original payment information (batch).</summary>
/// <param name="Status"><c>PmtInfSts</c>: RJCT rejects every transaction of the batch; PART some; null when only transactions carry a status.</param>
public sealed record Pain002PaymentInformationStatus(
    string OriginalPaymentInformationId,
    string? Status,
    IReadOnlyList<StatusReason> Reasons,
    IReadOnlyList<Pain002TransactionStatus> Transactions);
