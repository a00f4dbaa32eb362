namespace PaymentRecon.Matching;

/// <summary>Where a clerk books (part of) a Klärfall: a Kassenzeichen, optionally one Soll position of it.</summary>
/// <param name="Kassenzeichen">Normalised.</param>
/// <param name="Amount">Null: what is open on it, up to what is still held.</param>
/// <param name="PositionId">Only this Soll position; null: the Kassenzeichen's positions by due date, oldest first.</param>
public sealed record ManualTarget(string Kassenzeichen, Money? Amount = null, long? PositionId = null);
