namespace PaymentRecon.Camt;

/// <summary>
/// One charge record. camt .02/.04: a repeated <c>Chrgs</c>; .08 (<c>Charges6</c>): <c>Chrgs/Rcrd</c>.
/// </summary>
/// <param name="Amount">Signed: a debit (charge taken from the account) is negative.</param>
/// <param name="IncludedInEntryAmount">camt: <c>Rcrd/ChrgInclInd</c> (.08), null when not given.</param>
/// <param name="TypeCode">camt: <c>Tp/Cd</c> or <c>Tp/Prtry/Id</c>.</param>
/// <param name="Bearer">camt: <c>Br</c> (.08).</param>
public sealed record Charge(Money Amount, bool? IncludedInEntryAmount, string? TypeCode, string? Bearer);
