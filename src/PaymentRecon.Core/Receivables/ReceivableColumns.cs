namespace PaymentRecon.Receivables;

/// <summary>
/// The header names a profile expects for each field. Matching ignores case and surrounding
/// blanks; other columns in the file are ignored.
/// </summary>
public sealed record ReceivableColumns
{
    public string Verfahren { get; init; } = "Verfahren";

    public string AnordnungsNr { get; init; } = "AnordnungsNr";

    public string Kassenzeichen { get; init; } = "Kassenzeichen";

    public string Betrag { get; init; } = "Betrag";

    public string Faellig { get; init; } = "Faellig";

    public string Schuldner { get; init; } = "Schuldner";

    public string Iban { get; init; } = "IBAN";

    public string Haushaltsstelle { get; init; } = "Haushaltsstelle";

    public string Text { get; init; } = "Text";

    /// <summary>(field, header name, required) in the contract's column order.</summary>
    public IReadOnlyList<(ReceivableField Field, string Header, bool Required)> All =>
    [
        (ReceivableField.Verfahren, Verfahren, true),
        (ReceivableField.AnordnungsNr, AnordnungsNr, true),
        (ReceivableField.Kassenzeichen, Kassenzeichen, true),
        (ReceivableField.Betrag, Betrag, true),
        (ReceivableField.Faellig, Faellig, true),
        (ReceivableField.Schuldner, Schuldner, true),
        (ReceivableField.Iban, Iban, false),
        (ReceivableField.Haushaltsstelle, Haushaltsstelle, true),
        (ReceivableField.Text, Text, false),
    ];
}
