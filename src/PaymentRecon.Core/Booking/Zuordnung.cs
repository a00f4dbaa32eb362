namespace PaymentRecon.Booking;

/// <summary>Who decided a booking line (contract section 4, column <c>Zuordnung</c>).</summary>
public enum Zuordnung
{
    None = 0,

    /// <summary><c>AUTO</c>: the matching rules.</summary>
    Auto = 1,

    /// <summary><c>MANUELL</c>: a clerk's assignment, approved by a second person.</summary>
    Manuell = 2,
}
