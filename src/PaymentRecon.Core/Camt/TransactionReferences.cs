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

    /// <summary>camt: <c>Refs/Prtry/Tp</c> (first occurrence).</summary>
    public string? ProprietaryType { get; init; }

    /// <summary>camt: <c>Refs/Prtry/Ref</c> (first occurrence).</summary>
    public string? ProprietaryReference { get; init; }
}
