using System.Globalization;

namespace PaymentRecon.Host.Runs;

/// <summary>Names the holder of a run lease so that an operator reading <c>recon.run_lease</c> knows whom to ask.</summary>
public static class RunHolder
{
    public static string CommandLine() =>
        string.Create(CultureInfo.InvariantCulture, $"cli:{Environment.MachineName}:{Environment.ProcessId}:{Environment.UserName}");

    /// <summary>
    /// True when <paramref name="holder"/> is a command-line run on this machine whose process is
    /// gone (killed, power cut): its lease can be taken over at once instead of waiting for it to
    /// expire. A pid that was reused by another process counts as alive, the safe side.
    /// </summary>
    public static bool IsDeadLocalCommandLine(string? holder)
    {
        var parts = holder?.Split(':');
        if (parts is not { Length: >= 3 } || parts[0] != "cli" || parts[1] != Environment.MachineName
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
        {
            return false;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    public static string Job(string serverName, string jobId) =>
        string.Create(CultureInfo.InvariantCulture, $"job:{jobId}@{serverName}:{Environment.ProcessId}");

    /// <summary>
    /// The holder while a run executes as a chain of jobs: each step's job takes the lease under
    /// this name, whichever server it runs on, and the last one gives it back.
    /// </summary>
    public static string Run(long runId) =>
        string.Create(CultureInfo.InvariantCulture, $"run:{runId}");
}
