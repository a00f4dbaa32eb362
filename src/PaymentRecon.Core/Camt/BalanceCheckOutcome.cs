namespace PaymentRecon.Camt;

/// <summary>Result of opening + credits − debits = closing (contract section 5: ok / mismatch / not-possible).</summary>
public enum BalanceCheckOutcome
{
    /// <summary><c>ok</c>.</summary>
    Ok = 1,

    /// <summary><c>mismatch</c>: a difference of even one cent blocks posting the statement.</summary>
    Mismatch = 2,

    /// <summary><c>not-possible</c>: a balance is missing (camt.054 has none; camt.052 may carry only ITBD).</summary>
    NotPossible = 3,
}
