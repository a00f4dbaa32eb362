namespace PaymentRecon.Host.Cli;

/// <summary>Exit codes of <c>paymentrecon</c>, as the contract (section 2) fixes them.</summary>
internal static class ExitCodes
{
    public const int Done = 0;
    public const int WrongUsage = 1;
    public const int DoneWithRejectedFiles = 2;
    public const int CouldNotRun = 3;
}
