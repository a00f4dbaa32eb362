namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>Sort keys of the worklist; ties are always broken by the Klärfall id.</summary>
public enum KlaerfallSort
{
    /// <summary>Booking date of the payment.</summary>
    Date,

    /// <summary>The amount held as Verwahrgeld.</summary>
    Amount,

    /// <summary>Days since the run that opened the Klärfall.</summary>
    Age,

    /// <summary>Payer name (case-insensitive; no name last).</summary>
    Payer,
}
