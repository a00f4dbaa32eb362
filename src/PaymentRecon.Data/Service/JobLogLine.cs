namespace PaymentRecon.Data.Service;

/// <summary>A row of <c>recon.job_log</c>.</summary>
public sealed record JobLogLine(string JobId, DateTime LoggedAt, string Level, string Category, string Message);
