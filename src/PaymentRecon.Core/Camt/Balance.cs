namespace PaymentRecon.Camt;

/// <summary>camt: <c>Stmt/Bal</c>.</summary>
/// <param name="TypeCode">camt: <c>Tp/CdOrPrtry/Cd</c> (OPBD, PRCD, CLBD, ITBD, CLAV, ...) or <c>Prtry</c>.</param>
/// <param name="Amount">Signed by <c>CdtDbtInd</c> (a debit balance is negative).</param>
/// <param name="Date">camt: <c>Dt/Dt</c>, or the date part of <c>Dt/DtTm</c>.</param>
public sealed record Balance(string TypeCode, Money Amount, DateOnly? Date);
