namespace PaymentRecon.Booking;

/// <summary>Kind of a booking line for the HKR (contract section 4, column <c>Satzart</c>).</summary>
public enum Satzart
{
    None = 0,

    /// <summary><c>IST</c>: a receipt booked onto a Soll; negative for a return or reversal.</summary>
    Ist = 1,

    /// <summary><c>VWG</c>: Verwahrgeld; negative when a Klärfall is released by a later assignment.</summary>
    Vwg = 2,

    /// <summary><c>GEB</c>: bank or provider charges.</summary>
    Geb = 3,
}
