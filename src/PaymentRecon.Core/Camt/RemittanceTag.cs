namespace PaymentRecon.Camt;

/// <summary>
/// One German structured tag inside a remittance text, e.g. <c>EREF+</c> or <c>SVWZ:</c> (see
/// <see cref="RemittanceText"/>).
/// </summary>
/// <param name="Name">The tag without its separator, upper case: <c>SVWZ</c>, <c>EREF</c>, ...</param>
/// <param name="Value">The text up to the next tag, trimmed; a line break inside reads as a space.</param>
public sealed record RemittanceTag(string Name, string Value);
