namespace PaymentRecon.IntegrationTests.Infrastructure;

public sealed record ProgramResult(int ExitCode, string Output, string Error);
