namespace PaymentRecon.Data.Sepa;

/// <summary>
/// One own direct debit as submitted (<c>recon.sepa_collection</c> with its batch and message),
/// and whether a pain.002 rejected it. A rejected collection was never credited: it must not be
/// expected in the batch credit, and a return cannot refer to it.
/// </summary>
/// <param name="MessageId">pain.008 <c>GrpHdr/MsgId</c>.</param>
/// <param name="PaymentInformationId"><c>PmtInfId</c> = camt <c>Btch/PmtInfId</c>.</param>
/// <param name="Kassenzeichen">Found at import; null when the collection names none (then Klärfall).</param>
/// <param name="RejectionReason">Reason code of the rejection (e.g. AC04), when <see cref="Rejected"/>.</param>
public sealed record SepaDirectDebit(
    long Id,
    string MessageId,
    string PaymentInformationId,
    DateOnly RequestedCollectionDate,
    string? SequenceType,
    string? CreditorIban,
    string EndToEndId,
    decimal Amount,
    string Currency,
    string MandateId,
    string? Kassenzeichen,
    string? DebtorName,
    string? DebtorIban,
    string? Remittance,
    bool Rejected,
    string? RejectionReason);
