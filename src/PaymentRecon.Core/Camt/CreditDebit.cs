namespace PaymentRecon.Camt;

/// <summary>camt: <c>CdtDbtInd</c>. The sign of an amount comes only from here.</summary>
public enum CreditDebit
{
    None = 0,

    /// <summary><c>CRDT</c>: money in.</summary>
    Credit = 1,

    /// <summary><c>DBIT</c>: money out.</summary>
    Debit = 2,
}
