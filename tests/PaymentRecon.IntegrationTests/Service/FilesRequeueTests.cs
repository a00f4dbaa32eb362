using System.Diagnostics;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using PaymentRecon.Host.Configuration;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests.Service;

public sealed class FilesRequeueTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Requeue_moves_a_fixed_file_back_into_the_inbox_records_who_and_is_idempotent()
    {
        var db = await TestDatabase.CreateAsync();
        Directory.CreateDirectory(_folder.Combine("quarantine"));
        await File.WriteAllTextAsync(_folder.Combine("quarantine", "auszug-2.xml"), "<fixed/>");
        await File.WriteAllTextAsync(_folder.Combine("quarantine", "auszug-2.xml.error.txt"), "Zeile 3: ...");
        await using (var connection = new NpgsqlConnection(db))
        {
            var runId = await connection.ExecuteScalarAsync<long>("INSERT INTO recon.run (business_date, trigger, status) VALUES ('2026-11-25', 'cli', 'succeeded_with_rejections') RETURNING id");
            await connection.ExecuteAsync(
                "INSERT INTO recon.import_file (kind, file_name, sha256, size_bytes, run_id, status, archive_path, problems) VALUES ('statement', 'auszug.xml', @sha, 8, @runId, 'quarantined', 'quarantine/auszug-2.xml', 'Zeile 3: ...')",
                new { sha = new byte[32], runId });
        }

        var environment = new Dictionary<string, string?> { ["PAYMENTRECON_DB"] = db };
        var first = await ProgramRunner.RunAsync(_folder.Path, environment, "files", "requeue", "auszug-2.xml", "--user", "kasse1");
        first.ExitCode.Should().Be(0, first.Error);
        File.Exists(_folder.Combine("inbox", "statements", "auszug.xml")).Should().BeTrue("it goes back under the name it arrived with");
        File.Exists(_folder.Combine("quarantine", "auszug-2.xml")).Should().BeFalse();
        File.Exists(_folder.Combine("quarantine", "auszug-2.xml.error.txt")).Should().BeFalse();

        var again = await ProgramRunner.RunAsync(_folder.Path, environment, "files", "requeue", "auszug-2.xml", "--user", "kasse1");
        again.ExitCode.Should().Be(0);
        again.Output.Should().Contain("already waits in the inbox");

        var unknown = await ProgramRunner.RunAsync(_folder.Path, environment, "files", "requeue", "../etc/passwd");
        unknown.ExitCode.Should().Be(1);

        await using var check = new NpgsqlConnection(db);
        var actions = (await check.QueryAsync<(string Action, string RequestedBy, string Channel, DateOnly BusinessDate)>(
            "SELECT action, requested_by, channel, business_date FROM recon.operator_action")).ToList();
        actions.Should().ContainSingle().Which.Should().Be(("requeue", "kasse1", "cli", new DateOnly(2026, 11, 25)));
    }

    [Fact]
    public async Task Hash_password_prints_a_hash_the_login_accepts()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = _folder.Path };
        start.ArgumentList.Add(ProgramRunner.ProgramDll);
        start.ArgumentList.Add("users");
        start.ArgumentList.Add("hash-password");
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync("geheim-und-lang");
        process.StandardInput.Close();
        var hash = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();

        process.ExitCode.Should().Be(0);
        hash.Should().NotContain("geheim");
        new PasswordHasher<ServiceUserOptions>().VerifyHashedPassword(new ServiceUserOptions(), hash, "geheim-und-lang")
            .Should().Be(PasswordVerificationResult.Success);
    }
}
