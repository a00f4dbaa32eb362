namespace PaymentRecon.Host.Runs;

/// <summary>The receivables and the statements step: the files they took or rejected.</summary>
internal sealed record FilesStepResult(IReadOnlyList<RunFileOutcome> Files);
