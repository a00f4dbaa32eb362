namespace PaymentRecon.Booking;

/// <summary>
/// One line of the HKR booking file, layout <c>hkr-standard</c> (contract section 4). The HKR relies
/// on <see cref="BuchungsId"/> being stable and never reused.
/// </summary>
/// <param name="Buchungsdatum">Bank booking date of the entry.</param>
/// <param name="Valuta">Value date of the entry.</param>
/// <param name="Betrag">Signed amount.</param>
/// <param name="Kassenzeichen">Empty for VWG and GEB.</param>
/// <param name="Zahlungspflichtiger">Payer name as received.</param>
/// <param name="Iban">Payer IBAN as received.</param>
/// <param name="Verwendungszweck">Remittance text as received.</param>
/// <param name="Bankreferenz">AcctSvcrRef of the entry, else EndToEndId.</param>
/// <param name="Auszug">Statement id and electronic sequence number.</param>
/// <param name="Regel">Short code of the rule or action that decided the line.</param>
public sealed record BookingLine(
    string BuchungsId,
    Satzart Satzart,
    DateOnly Buchungsdatum,
    DateOnly Valuta,
    Money Betrag,
    string? Kassenzeichen,
    string? AnordnungsNr,
    string? Verfahren,
    string? Haushaltsstelle,
    string? Zahlungspflichtiger,
    string? Iban,
    string? Verwendungszweck,
    string? Bankreferenz,
    string? Auszug,
    Zuordnung Zuordnung,
    string Regel);
