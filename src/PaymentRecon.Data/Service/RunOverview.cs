namespace PaymentRecon.Data.Service;

/// <summary>A run as the dashboard lists it: <c>recon.run</c> with the Hangfire job that executed it.</summary>
public sealed record RunOverview
{
    public long Id { get; init; }

    public DateOnly BusinessDate { get; init; }

    public required string Trigger { get; init; }

    public DateTime StartedAt { get; init; }

    public DateTime? FinishedAt { get; init; }

    public required string Status { get; init; }

    /// <summary>The run's summary as written by the nightly run (steps, counts, files), JSON.</summary>
    public string? Summary { get; init; }

    public string? JobId { get; init; }

    public string? Server { get; init; }
}
