namespace PaymentRecon.Camt;

/// <summary>camt: <c>TxDtls/Refs</c>. <c>NOTPROVIDED</c> is read as null.</summary>
public sealed record TransactionReferences(
    string? MessageId,
    string? PaymentInformationId,
    string? InstructionId,
    string? EndToEndId,
    string? TransactionId,
    string? MandateId,
    string? AccountServicerReference,
    string? ClearingSystemReference,
    string? Uetr)
{
    public static readonly TransactionReferences None = new(null, null, null, null, null, null, null, null, null);
}
