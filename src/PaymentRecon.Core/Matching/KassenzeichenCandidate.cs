namespace PaymentRecon.Matching;

/// <summary>
/// Something in a receipt that has the length and alphabet of a Kassenzeichen. Either its check
/// digit holds (<see cref="IsValid"/>), or only the check digit fails: a typo or a transposition,
/// which is never booked automatically but feeds the "one edit away" suggestions.
/// </summary>
/// <param name="Value">Normalised: separators removed, upper case.</param>
/// <param name="Written">As the payer wrote it.</param>
/// <param name="Detail">The tag (<c>SVWZ</c>, <c>EREF</c>, <c>KREF</c>) it came from, when from a tag.</param>
/// <param name="IsStructured">From a structured creditor reference (plain or RF).</param>
public sealed record KassenzeichenCandidate(
    string Value,
    string Written,
    CandidateSource Source,
    string? Detail,
    bool IsValid,
    bool IsStructured)
{
    /// <summary>German description of where it was found, for reasons.</summary>
    public string Where => Source switch
    {
        CandidateSource.CreditorReference => "strukturierte Gläubigerreferenz",
        CandidateSource.RfReference => "RF-Referenz (ISO 11649)",
        CandidateSource.RfInText => "RF-Referenz im Verwendungszweck",
        CandidateSource.EndToEndId => "EndToEndId",
        CandidateSource.Tag => $"Verwendungszweck, Feld {Detail}",
        CandidateSource.RemittanceLine => "Verwendungszweck",
        CandidateSource.JoinedLines => "Verwendungszweck, über zwei Zeilen getrennt",
        _ => "unbekannt",
    };
}
