namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>One row of the worklist.</summary>
/// <param name="Betrag">Held as Verwahrgeld.</param>
/// <param name="ReceiptAmount">The payment's signed amount (more than Betrag for an Überzahlung).</param>
/// <param name="AgeDays">Days since the run that opened it.</param>
/// <param name="PendingProposalId">The proposal waiting for approval, if any.</param>
public sealed record KlaerfallListRow(
    long Id,
    string Status,
    decimal Betrag,
    decimal ReceiptAmount,
    DateOnly? BookingDate,
    DateOnly? ValueDate,
    string? AccountIban,
    string? PayerName,
    string? PayerIban,
    string? Remittance,
    string Rule,
    string? AssignedTo,
    DateOnly OpenedOn,
    int AgeDays,
    long? PendingProposalId,
    IReadOnlyList<KlaerfallSuggestion> Suggestions);
