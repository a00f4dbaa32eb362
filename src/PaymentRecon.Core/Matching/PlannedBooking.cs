using PaymentRecon.Booking;

namespace PaymentRecon.Matching;

/// <summary>
/// A booking line the matcher decided, before it gets its BuchungsId and the receipt's texts. The
/// lines of one decision add up to the receipt's signed amount (out of scope: no lines).
/// </summary>
/// <param name="Amount">Signed.</param>
/// <param name="PositionId">The Soll position booked onto (IST only).</param>
/// <param name="Rule">The <c>Regel</c> column: short code of the rule that decided the line.</param>
public sealed record PlannedBooking(
    Satzart Satzart,
    Money Amount,
    long? PositionId,
    string? Kassenzeichen,
    string? AnordnungsNr,
    string? Verfahren,
    string? Haushaltsstelle,
    Zuordnung Zuordnung,
    string Rule);
