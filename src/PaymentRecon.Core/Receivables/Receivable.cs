namespace PaymentRecon.Receivables;

/// <summary>
/// One Soll-Stellung as a specialist procedure delivers it. (Verfahren, AnordnungsNr) identify it
/// forever; a negative <see cref="Betrag"/> is an Absetzung that reduces what is owed on the
/// Kassenzeichen.
/// </summary>
/// <param name="Schuldner">Debtor name: personal data, never logged.</param>
/// <param name="Iban">Debtor IBAN when the procedure knows it: personal data, log only <see cref="PaymentRecon.Iban.Masked"/>.</param>
public sealed record Receivable(
    string Verfahren,
    string AnordnungsNr,
    Kassenzeichen Kassenzeichen,
    Money Betrag,
    DateOnly Faellig,
    string Schuldner,
    Iban? Iban,
    string Haushaltsstelle,
    string? Text)
{
    public bool IsAbsetzung => Betrag.IsNegative;
}
