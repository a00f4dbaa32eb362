namespace PaymentRecon.Host.Runs;

/// <summary>What a run reports back to its caller (command line or Hangfire job).</summary>
public sealed record RunResult(long RunId, int ExitCode, string Summary);
