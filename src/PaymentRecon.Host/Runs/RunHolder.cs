using System.Globalization;

namespace PaymentRecon.Host.Runs;

/// <summary>Names the holder of a run lease so that an operator reading <c>recon.run_lease</c> knows whom to ask.</summary>
public static class RunHolder
{
    public static string CommandLine() =>
        string.Create(CultureInfo.InvariantCulture, $"cli:{Environment.MachineName}:{Environment.ProcessId}:{Environment.UserName}");

    public static string Job(string serverName, string jobId) =>
        string.Create(CultureInfo.InvariantCulture, $"job:{jobId}@{serverName}:{Environment.ProcessId}");
}
