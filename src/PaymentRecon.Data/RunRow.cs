namespace PaymentRecon.Data;

/// <summary>One row of <c>recon.run</c>, as the steps of a run read it back.</summary>
public sealed record RunRow
{
    public long Id { get; init; }

    public DateOnly BusinessDate { get; init; }

    public required string Trigger { get; init; }

    public DateTime StartedAt { get; init; }

    public required string Status { get; init; }
}
