namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>One Kassenzeichen of an assignment or split, with the amount booked onto it.</summary>
/// <param name="Kassenzeichen">Any spelling; normalised when proposed.</param>
/// <param name="SollId">Only this Soll position of the Kassenzeichen; null: oldest due date first.</param>
/// <param name="Betrag">Null: what is open on it, up to what the Klärfall still holds.</param>
public sealed record ProposalTarget(string Kassenzeichen, decimal? Betrag = null, long? SollId = null);
