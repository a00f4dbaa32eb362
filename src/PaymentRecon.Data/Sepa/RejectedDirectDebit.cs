namespace PaymentRecon.Data.Sepa;

/// <summary>
/// A collection a pain.002 rejected before settlement: listed as "Lastschrift abgelehnt" in the
/// run report, with the Kassenzeichen whose Soll stays open. When the original pain.008 is not
/// imported, only the ids from the status report are known (<see cref="CollectionId"/> null).
/// </summary>
/// <param name="Level"><c>transaction</c>, <c>payment_information</c> (whole batch) or <c>group</c> (whole file).</param>
public sealed record RejectedDirectDebit(
    string ReportMessageId,
    DateTime ReportCreatedAt,
    string Level,
    string OriginalMessageId,
    string? PaymentInformationId,
    string? EndToEndId,
    string? ReasonCode,
    string? ReasonText,
    long? CollectionId,
    decimal? Amount,
    string? MandateId,
    string? Kassenzeichen,
    string? DebtorName,
    DateOnly? RequestedCollectionDate);
