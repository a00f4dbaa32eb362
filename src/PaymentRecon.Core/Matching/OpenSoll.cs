namespace PaymentRecon.Matching;

/// <summary>
/// One Soll position as the matcher sees it. Positions that are fully paid may be passed with an
/// open amount of zero: then a payment on their Kassenzeichen is recognised as "already paid"
/// (rule <c>KZ-GESCHLOSSEN</c>) instead of "unknown".
/// </summary>
/// <param name="PositionId">Database id of the position.</param>
/// <param name="Kassenzeichen">Normalised (no separators, upper case).</param>
/// <param name="OpenAmount">What is still owed on this position (0 when paid; Absetzungen already netted).</param>
/// <param name="OriginalAmount">The amount of the Soll as imported.</param>
/// <param name="DebtorIban">Debtor IBAN from the Soll file, electronic form; null when not known.</param>
public sealed record OpenSoll(
    long PositionId,
    string Kassenzeichen,
    string Verfahren,
    string AnordnungsNr,
    string Haushaltsstelle,
    Money OpenAmount,
    Money OriginalAmount,
    DateOnly DueDate,
    string DebtorName,
    string? DebtorIban);
