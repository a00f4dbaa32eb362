namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>A refund (Rückzahlung) that took effect: the run report lists it, the HKR needs an Auszahlungsanordnung for it.</summary>
public sealed record ApprovedRefund(
    long KlaerfallId,
    string Auszug,
    DateOnly BookingDate,
    decimal Betrag,
    string? PayerName,
    string? PayerIban,
    string ReasonCode,
    string ProposedBy,
    string ApprovedBy,
    DateTimeOffset ApprovedAt);
