namespace PaymentRecon.Data.Service;

/// <summary>A row of <c>recon.operator_action</c>.</summary>
public sealed record OperatorAction
{
    /// <summary><c>rerun</c> or <c>requeue</c>.</summary>
    public required string Action { get; init; }

    public DateOnly? BusinessDate { get; init; }

    public string? FileName { get; init; }

    public long? ImportFileId { get; init; }

    public required string RequestedBy { get; init; }

    /// <summary><c>dashboard</c> or <c>cli</c>.</summary>
    public required string Channel { get; init; }

    public string? JobId { get; init; }

    /// <summary>What came of it, in words for the operator.</summary>
    public required string Outcome { get; init; }

    /// <summary>Set by the database; ignored when recording.</summary>
    public DateTime RequestedAt { get; init; }
}
