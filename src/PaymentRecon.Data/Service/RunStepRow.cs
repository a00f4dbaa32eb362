namespace PaymentRecon.Data.Service;

/// <summary>One done step of a run (<c>recon.run_step</c>).</summary>
public sealed record RunStepRow
{
    public required string Step { get; init; }

    public string? JobId { get; init; }

    public decimal Seconds { get; init; }

    public required string ResultJson { get; init; }
}
