namespace PaymentRecon.Data.Sepa;

/// <summary>
/// One item of the camt.054 linked (consistently) to a batch entry: its receipt key in
/// <c>recon.receipt_keyed</c> and what it says, to be checked against what was booked from the pain.008.
/// </summary>
/// <param name="NotificationStatementId">Row id of the camt.054 notification (for the report's warning).</param>
/// <param name="BatchStatementId">Row id of the camt.053 statement of the batch entry.</param>
public sealed record SepaNotificationItem(
    long EntryId,
    long ReceiptKey,
    string? EndToEndId,
    decimal? Amount,
    long NotificationStatementId,
    string NotificationMessageId,
    long BatchStatementId,
    string AccountKey);
