namespace PaymentRecon.Data.Sepa;

/// <summary>
/// One Soll position reopened by the return of an own direct debit: the cash office decides between
/// a reminder and collecting again (<c>recon.direct_debit_return</c>).
/// </summary>
/// <param name="ReturnReceiptId">Receipt key of the return (<c>recon.decision.receipt_id</c>).</param>
/// <param name="OriginalReceiptId">Receipt key of the collection credit it undid.</param>
/// <param name="Betrag">Reopened on this position (positive).</param>
/// <param name="Charges">The return fee of the whole return (booked as GEB).</param>
/// <param name="CollectionId">The pain.008 collection (<c>recon.sepa_collection</c>), when known.</param>
/// <param name="Status"><c>offen</c>, <c>mahnung</c>, <c>neuer_einzug</c> or <c>erledigt</c>.</param>
/// <param name="Id">Row id (0 for a flag not stored yet).</param>
public sealed record DirectDebitReturn(
    long ReturnReceiptId,
    long OriginalReceiptId,
    long SollId,
    string Kassenzeichen,
    string Verfahren,
    string AnordnungsNr,
    decimal Betrag,
    decimal Charges,
    string? ReturnReason,
    string? EndToEndId,
    string? MandateId,
    long? CollectionId,
    DateOnly BookingDate,
    long? RunId,
    string Status = "offen",
    long Id = 0);
