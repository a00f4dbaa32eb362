namespace PaymentRecon.Booking;

/// <summary>A statement whose entries a booking file or report covers.</summary>
/// <param name="Id">camt: <c>Stmt/Id</c>.</param>
/// <param name="ElectronicSequenceNumber">camt: <c>ElctrncSeqNb</c>.</param>
/// <param name="Iban">Our account (camt <c>Acct/Id/IBAN</c>).</param>
public sealed record CoveredStatement(string Id, long? ElectronicSequenceNumber, string? Iban);
