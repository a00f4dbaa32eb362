namespace PaymentRecon.Camt;

/// <summary>camt: <c>Ntry/Sts</c> (.02/.04 plain text, .08 <c>Sts/Cd</c>). Only booked entries move the balance or get booked.</summary>
public enum EntryStatus
{
    None = 0,

    /// <summary><c>BOOK</c>.</summary>
    Booked = 1,

    /// <summary><c>PDNG</c>: pending, typical in camt.052.</summary>
    Pending = 2,

    /// <summary><c>INFO</c>: information only.</summary>
    Information = 3,

    /// <summary><c>FUTR</c> (.08): future booking.</summary>
    Future = 4,
}
