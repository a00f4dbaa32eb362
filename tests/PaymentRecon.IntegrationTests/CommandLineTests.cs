using Dapper;
using Npgsql;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests;

public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_lists_the_commands_and_exits_0()
    {
        using var folder = new TempFolder();
        var result = await ProgramRunner.RunAsync(folder.Path, new Dictionary<string, string?>(), "--help");
        result.ExitCode.Should().Be(0);
        result.Output.Should().Contain("run").And.Contain("db");
    }

    [Fact]
    public async Task Wrong_usage_exits_1()
    {
        using var folder = new TempFolder();
        var result = await ProgramRunner.RunAsync(folder.Path, new Dictionary<string, string?>(), "run", "--date", "2026-02-30");
        result.ExitCode.Should().Be(1);
        result.Error.Should().Contain("--date '2026-02-30'");
    }

    [Fact]
    public async Task Without_a_database_it_says_how_to_get_one_and_exits_3()
    {
        using var folder = new TempFolder();
        var result = await ProgramRunner.RunAsync(folder.Path, new Dictionary<string, string?>(), "db", "migrate");
        result.ExitCode.Should().Be(3);
        result.Error.Should().Contain("PAYMENTRECON_DB").And.Contain("scripts/paymentrecon");
    }

    [Fact]
    public async Task An_unreachable_database_exits_3()
    {
        using var folder = new TempFolder();
        var unreachable = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString) { Port = 1, Timeout = 2 }.ConnectionString;
        var result = await ProgramRunner.RunAsync(folder.Path, new Dictionary<string, string?>(), "--db", unreachable, "run");
        result.ExitCode.Should().Be(3);
        result.Error.Should().Contain("Database unreachable");
    }

    [Fact]
    public async Task Invalid_configuration_is_listed_and_exits_3()
    {
        using var folder = new TempFolder();
        var result = await ProgramRunner.RunAsync(folder.Path, new Dictionary<string, string?>
        {
            ["PAYMENTRECON_DB"] = await TestDatabase.CreateAsync(),
            ["PAYMENTRECON__PaymentRecon__Kassenzeichen__MinLength"] = "20",
            ["PAYMENTRECON__PaymentRecon__TimeZone"] = "Mars/Olympus",
        }, "run");
        result.ExitCode.Should().Be(3);
        result.Error.Should().Contain("Configuration is invalid").And.Contain("Kassenzeichen").And.Contain("Mars/Olympus");
    }

    [Fact]
    public async Task Run_sets_up_the_database_and_the_folders_and_records_the_run()
    {
        using var folder = new TempFolder();
        var connectionString = await TestDatabase.CreateEmptyAsync();
        var result = await ProgramRunner.RunAsync(folder.Path, new Dictionary<string, string?> { ["PAYMENTRECON_DB"] = connectionString }, "run", "--date", "2026-11-27");

        result.ExitCode.Should().Be(0, result.Error);
        result.Output.Should().Contain("2026-11-27");
        foreach (var sub in new[] { "inbox/statements", "inbox/receivables", "outbox", "archive", "quarantine" })
        {
            Directory.Exists(folder.Combine(sub)).Should().BeTrue(sub);
        }

        await using var connection = new NpgsqlConnection(connectionString);
        var run = await connection.QuerySingleAsync<(DateOnly BusinessDate, string Status, string Trigger)>("SELECT business_date, status, trigger FROM recon.run");
        run.Should().Be((new DateOnly(2026, 11, 27), "succeeded", "cli"));
    }
}
