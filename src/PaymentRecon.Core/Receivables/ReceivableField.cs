namespace PaymentRecon.Receivables;

/// <summary>The fields of a Soll-Stellung (contract section 3), in column order.</summary>
public enum ReceivableField
{
    Verfahren = 0,
    AnordnungsNr = 1,
    Kassenzeichen = 2,
    Betrag = 3,
    Faellig = 4,
    Schuldner = 5,
    Iban = 6,
    Haushaltsstelle = 7,
    Text = 8,
}
