namespace PaymentRecon.Camt;

/// <summary>Whether a collective entry's details add up (see <see cref="BatchCheck"/>).</summary>
public enum BatchCheckOutcome
{
    /// <summary>Count and sum of the <c>TxDtls</c> agree with the entry.</summary>
    Ok = 1,

    /// <summary>Count or sum disagree: the whole batch goes to a Klärfall.</summary>
    Mismatch = 2,

    /// <summary>No details in this file (they come in a camt.054), or a detail without an amount.</summary>
    NotPossible = 3,
}
