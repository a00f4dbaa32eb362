using System.Diagnostics;
using System.Text;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.BrowserTests.Infrastructure;

/// <summary>Password hashes for configured users, made the way an administrator makes them: <c>paymentrecon users hash-password</c>.</summary>
internal static class UserPasswords
{
    public static async Task<string> HashAsync(string workingDirectory, string password)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(ProgramRunner.ProgramDll);
        start.ArgumentList.Add("users");
        start.ArgumentList.Add("hash-password");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        await process.StandardInput.WriteLineAsync(password).ConfigureAwait(false);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        var error = await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        return process.ExitCode == 0 && output.Trim().Length > 0
            ? output.Trim()
            : throw new InvalidOperationException($"users hash-password exited with {process.ExitCode}: {error}");
    }
}
