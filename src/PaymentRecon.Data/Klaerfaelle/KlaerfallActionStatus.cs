namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>How an action on a Klärfall ended.</summary>
public enum KlaerfallActionStatus
{
    /// <summary>Done (and booked, where it books).</summary>
    Done,

    /// <summary>Recorded as a proposal that waits for a second user with role approver.</summary>
    Proposed,

    /// <summary>The user's roles do not allow it, or it is their own proposal.</summary>
    Forbidden,

    /// <summary>The input does not hold (unknown code, amounts that do not add up, unknown Kassenzeichen).</summary>
    Invalid,

    /// <summary>The state changed meanwhile (Klärfall closed, Soll paid, a proposal already waits, the nightly run books).</summary>
    Conflict,

    NotFound,
}
