using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PaymentRecon.Data;
using PaymentRecon.Data.Klaerfaelle;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Host.Runs;
using PaymentRecon.IntegrationTests.Infrastructure;
using PaymentRecon.Klaerfaelle;

namespace PaymentRecon.IntegrationTests.Klaerfaelle;

/// <summary>
/// A database with the Klärfälle of the first demo day, made by the real nightly run (in this
/// process), and the clerks and approvers the tests act as.
/// </summary>
internal sealed class KlaerfallTestBed : IAsyncDisposable
{
    public static readonly KlaerfallActor Clerk = new("anna", ["clerk"]);
    public static readonly KlaerfallActor SecondClerk = new("bernd", ["clerk"]);
    public static readonly KlaerfallActor Approver = new("carla", ["approver"]);
    public static readonly KlaerfallActor ClerkAndApprover = new("dora", ["clerk", "approver"]);
    public static readonly KlaerfallActor Viewer = new("egon", ["viewer"]);

    private readonly TempFolder _folder = new();

    private KlaerfallTestBed(string connectionString)
    {
        ConnectionString = connectionString;
        DataSource = Database.CreateDataSource(connectionString);
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public KlaerfallQueries Queries => new(DataSource);

    public TempFolder Folder => _folder;

    public RunFolders Folders => new(_folder.Combine("inbox"), _folder.Combine("outbox"), _folder.Combine("archive"), _folder.Combine("quarantine"));

    public static async Task<KlaerfallTestBed> CreateAsync(bool firstDemoDay = true)
    {
        var bed = new KlaerfallTestBed(await TestDatabase.CreateAsync());
        if (firstDemoDay)
        {
            bed.LayDemoInbox("2026-11-26");
            (await bed.RunAsync(new DateOnly(2026, 11, 26))).ExitCode.Should().Be(0);
        }

        return bed;
    }

    public KlaerfallActions Actions(FourEyesPolicy? policy = null) => new(DataSource, policy ?? FourEyesPolicy.Always);

    public void LayDemoInbox(string day)
    {
        var source = Repository.Path("fixtures", "demo", day, "inbox");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Folders.Inbox, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    public void WriteSoll(string name, params string[] rows)
    {
        Directory.CreateDirectory(Folders.Receivables);
        File.WriteAllText(Path.Combine(Folders.Receivables, name),
            "Verfahren;AnordnungsNr;Kassenzeichen;Betrag;Faellig;Schuldner;IBAN;Haushaltsstelle;Text\n" + string.Join("\n", rows) + "\n");
    }

    public Task<RunResult> RunAsync(DateOnly businessDate, PaymentReconOptions? options = null) =>
        new NightlyRun(DataSource, options ?? new PaymentReconOptions(), NullLoggerFactory.Instance, TimeProvider.System)
            .ExecuteAsync(new RunRequest(businessDate, RunTrigger.CommandLine, Folders), CancellationToken.None);

    /// <summary>The open Klärfall whose remittance text contains <paramref name="text"/>.</summary>
    public async Task<KlaerfallListRow> OpenAsync(string text) =>
        (await Queries.ListAsync(new KlaerfallFilter { Text = text }, CancellationToken.None)).Rows.Should().ContainSingle().Subject;

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    public async Task<List<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<T>(sql, parameters)).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        _folder.Dispose();
    }
}
