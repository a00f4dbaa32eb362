namespace PaymentRecon.Receivables;

/// <summary>
/// A Soll position with something still open, as matching reads it: the position's open amount and
/// the open amount of its whole Kassenzeichen (after Absetzungen and earlier IST bookings).
/// </summary>
/// <param name="SollId">The position (<c>recon.soll.id</c>) an IST booking goes onto.</param>
/// <param name="Kassenzeichen">Normalised, as validated on import with its procedure's format.</param>
/// <param name="Schuldner">Personal data: never logged.</param>
/// <param name="Iban">Personal data: log only <see cref="PaymentRecon.Iban.Masked"/>.</param>
public sealed record OpenReceivable(
    long SollId,
    string Kassenzeichen,
    string Verfahren,
    string AnordnungsNr,
    string Haushaltsstelle,
    Money Open,
    Money KassenzeichenOpen,
    DateOnly Faellig,
    string Schuldner,
    Iban? Iban);
