using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests.Reconciliation;

/// <summary>
/// Runs the two demo days (fixtures/demo) through the real program into one folder and one
/// database, and reads what came out.
/// </summary>
internal sealed class DemoRun : IDisposable
{
    public static readonly string[] Days = ["2026-11-26", "2026-11-27"];

    private readonly TempFolder _folder = new();

    private DemoRun(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    /// <summary>The working folder: inbox, outbox, archive and quarantine below it.</summary>
    public string Folder => _folder.Path;

    public string Outbox => _folder.Combine("outbox");

    public string Quarantine => _folder.Combine("quarantine");

    public static async Task<DemoRun> CreateAsync() => new(await TestDatabase.CreateAsync());

    /// <summary>Both demo days run, each with its inbox laid first (day 2 quarantines a Nachtrag file and goes on: exit code 2).</summary>
    public static async Task<DemoRun> AfterBothDaysAsync()
    {
        var demo = await CreateAsync();
        foreach (var day in Days)
        {
            demo.LayInbox(day);
            var result = await demo.RunAsync(day);
            result.ExitCode.Should().BeOneOf([0, 2], result.Output + result.Error);
        }

        return demo;
    }

    /// <summary>Lays the day's demo inbox into the working inbox (files a killed run left there stay).</summary>
    public void LayInbox(string day) => LayInbox(day, _folder.Path);

    /// <summary>Lays the day's demo inbox into <paramref name="folder"/>/inbox.</summary>
    public static void LayInbox(string day, string folder)
    {
        var source = Repository.Path("fixtures", "demo", day, "inbox");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(folder, "inbox", System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    public Task<ProgramResult> RunAsync(string day, string? faultPoint = null) =>
        ProgramRunner.RunAsync(_folder.Path, Environment(faultPoint), Arguments(day));

    public System.Diagnostics.Process Start(string day) => ProgramRunner.Start(_folder.Path, Environment(null), Arguments(day));

    /// <summary>Every booking file (CSV bytes) by name.</summary>
    public SortedDictionary<string, byte[]> BookingFiles() =>
        new(Directory.EnumerateFiles(Outbox, "BUCHUNGEN_*.csv").ToDictionary(p => Path.GetFileName(p), File.ReadAllBytes), StringComparer.Ordinal);

    /// <summary>Every control file without its run id (which run wrote a file differs after a crash).</summary>
    public SortedDictionary<string, string> ControlFiles() =>
        new(Directory.EnumerateFiles(Outbox, "BUCHUNGEN_*.json").ToDictionary(p => Path.GetFileName(p), p =>
        {
            var json = JsonNode.Parse(File.ReadAllText(p))!.AsObject();
            json.Remove("runId");
            return json.ToJsonString();
        }), StringComparer.Ordinal);

    public JsonObject LatestReport(string day) =>
        JsonNode.Parse(File.ReadAllText(Directory.EnumerateFiles(Outbox, $"BERICHT_{day.Replace("-", "", StringComparison.Ordinal)}_*.json").Order(StringComparer.Ordinal).Last()))!.AsObject();

    public T Scalar<T>(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection.ExecuteScalar<T>(sql)!;
    }

    public void Dispose() => _folder.Dispose();

    private Dictionary<string, string?> Environment(string? faultPoint)
    {
        var environment = new Dictionary<string, string?> { ["PAYMENTRECON_DB"] = ConnectionString };
        if (faultPoint is not null)
        {
            environment["PAYMENTRECON_FAULT_POINT"] = faultPoint;
        }

        return environment;
    }

    private static string[] Arguments(string day) => ["run", "--date", day];
}
