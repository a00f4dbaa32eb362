namespace PaymentRecon.Sepa;

/// <summary>
/// <c>StsRsnInf</c>: why a status was given. <see cref="Code"/> is the ISO reason code
/// (<c>Rsn/Cd</c>, e.g. AC01 IBAN wrong, AM04 insufficient funds, MD01 no mandate), or the
/// proprietary one (<c>Rsn/Prtry</c>).
/// </summary>
public sealed record StatusReason(string? Code, string? AdditionalInformation);
