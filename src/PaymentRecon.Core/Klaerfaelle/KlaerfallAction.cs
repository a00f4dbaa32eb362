namespace PaymentRecon.Klaerfaelle;

/// <summary>What staff can do with a Klärfall. Assign, Split and Refund are proposals under the four-eyes rule.</summary>
public enum KlaerfallAction
{
    /// <summary>Book the Verwahrgeld onto one Kassenzeichen (Soll).</summary>
    Assign,

    /// <summary>Book it onto several Kassenzeichen; what is left (Überzahlung) stays Verwahrgeld.</summary>
    Split,

    /// <summary>Pay it back (Rückzahlung): recorded and reported; the HKR needs an Auszahlungsanordnung.</summary>
    Refund,

    /// <summary>Keep it as Verwahrgeld on purpose, with a reason: it leaves the worklist.</summary>
    Keep,

    /// <summary>Hand it to a colleague.</summary>
    Reassign,

    Note,

    Approve,

    Reject,

    /// <summary>The proposer takes back a proposal that waits for approval.</summary>
    Withdraw,

    /// <summary>
    /// Take a Klärfall kept as Verwahrgeld back into the worklist (the payer or the Soll has turned
    /// up): open again, tried again by the nightly run, assignable like any open one.
    /// </summary>
    Reopen,
}
