namespace PaymentRecon.Data.Service;

/// <summary>A file the inbox processor moved to the quarantine (<c>recon.import_file</c>, status <c>quarantined</c>).</summary>
public sealed record QuarantinedFile
{
    public long ImportFileId { get; init; }

    /// <summary><c>statement</c>, <c>receivable</c>, ...: decides which inbox folder it goes back to.</summary>
    public required string Kind { get; init; }

    /// <summary>The name it arrived with.</summary>
    public required string FileName { get; init; }

    /// <summary>Where it lies in the quarantine (the name there may carry a suffix when the name was taken).</summary>
    public required string QuarantinePath { get; init; }

    public DateTime ReceivedAt { get; init; }

    public string? Problems { get; init; }

    /// <summary>The business date of the run that rejected it.</summary>
    public DateOnly? BusinessDate { get; init; }

    /// <summary>When it was last put back into the inbox, if ever.</summary>
    public DateTime? RequeuedAt { get; init; }
}
