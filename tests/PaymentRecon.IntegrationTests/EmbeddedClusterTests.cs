using System.Diagnostics;
using Npgsql;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests;

/// <summary>
/// The embedded default database of scripts/db.sh, exercised in a copy of the scripts so the
/// developer's own cluster is not touched.
/// </summary>
public sealed class EmbeddedClusterTests : IDisposable
{
    private readonly TempFolder _checkout = new();

    public EmbeddedClusterTests()
    {
        var scripts = Repository.Path("scripts");
        Directory.CreateDirectory(_checkout.Combine("scripts", "lib"));
        File.Copy(Path.Combine(scripts, "db.sh"), _checkout.Combine("scripts", "db.sh"));
        File.Copy(Path.Combine(scripts, "lib", "pg.sh"), _checkout.Combine("scripts", "lib", "pg.sh"));
        // The temp folder must be reachable by the postgres user when the tests run as root.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_checkout.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }

    public void Dispose()
    {
        Bash("scripts/db.sh stop");
        var cluster = File.Exists(_checkout.Combine(".data", "cluster")) ? File.ReadAllText(_checkout.Combine(".data", "cluster")).Trim() : null;
        _checkout.Dispose();
        if (cluster is not null && cluster.StartsWith("/var/tmp/paymentrecon-", StringComparison.Ordinal))
        {
            Directory.Delete(Path.GetDirectoryName(cluster)!, recursive: true);
        }
    }

    [Fact]
    public async Task Is_created_on_first_use_reused_and_survives_a_stale_pid_file()
    {
        var first = Bash("scripts/db.sh url");
        first.ExitCode.Should().Be(0, first.Error);
        var connectionString = first.Output.Trim();
        (await QueryAsync(connectionString)).Should().Be(1);

        var again = Bash("scripts/db.sh url");
        again.Output.Trim().Should().Be(connectionString, "a running cluster is reused");
        again.Error.Should().NotContain("Creating");

        Bash("scripts/db.sh stop").ExitCode.Should().Be(0);
        Bash("scripts/db.sh status").Output.Should().StartWith("stopped");
        var cluster = File.ReadAllText(_checkout.Combine(".data", "cluster")).Trim();
        // As after a power cut: the server is gone, its pid file is not.
        await File.WriteAllTextAsync(Path.Combine(cluster, "postmaster.pid"), "999999\n");

        var restarted = Bash("scripts/db.sh url");
        restarted.ExitCode.Should().Be(0, restarted.Error);
        restarted.Error.Should().Contain("stale pid file");
        (await QueryAsync(restarted.Output.Trim())).Should().Be(1);
    }

    private static async Task<int> QueryAsync(string connectionString)
    {
        // No pooling: a pooled connection would outlive the server restart under test.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private ProgramResult Bash(string command)
    {
        var start = new ProcessStartInfo("bash", ["-c", command])
        {
            WorkingDirectory = _checkout.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new ProgramResult(process.ExitCode, output.Result, error);
    }
}
