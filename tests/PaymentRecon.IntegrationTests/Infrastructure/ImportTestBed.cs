using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PaymentRecon.Data;
using PaymentRecon.Data.Files;

namespace PaymentRecon.IntegrationTests.Infrastructure;

/// <summary>A fresh database with a started run, a temporary inbox, and fixtures to copy into it, for importer tests.</summary>
public sealed class ImportTestBed : IDisposable
{
    public static readonly DateOnly BusinessDate = new(2026, 11, 28);

    private readonly List<NpgsqlDataSource> _dataSources = [];

    public TempFolder Folder { get; } = new();

    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "fixtures", .. parts]);

    public async Task<(NpgsqlDataSource DataSource, long RunId)> SetUpAsync()
    {
        var dataSource = Database.CreateDataSource(await TestDatabase.CreateAsync());
        _dataSources.Add(dataSource);
        var runId = await new RunStore(dataSource).StartAsync(BusinessDate, "test", CancellationToken.None);
        return (dataSource, runId);
    }

    /// <summary>Runs one inbox file through <see cref="InboxFileProcessor"/> as the nightly run does.</summary>
    public async Task<InboxFileOutcome> ImportAsync(
        NpgsqlDataSource dataSource, long runId, string kind, string file, Func<InboxFile, NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<string>> import) =>
        (await new InboxFileProcessor(dataSource, NullLogger.Instance).ProcessAsync(
            kind, [file], runId, BusinessDate, Folder.Combine("archive"), Folder.Combine("quarantine"), import, CancellationToken.None)).Single();

    /// <summary>Copies a fixture (path below <c>fixtures/</c>) into the inbox.</summary>
    public string Copy(params string[] fixture)
    {
        var target = Path.Combine(Inbox(), fixture[^1]);
        File.Copy(Fixture(fixture), target);
        return target;
    }

    public string Write(string name, string content)
    {
        var target = Path.Combine(Inbox(), name);
        File.WriteAllText(target, content);
        return target;
    }

    public void Dispose()
    {
        _dataSources.ForEach(d => d.Dispose());
        Folder.Dispose();
    }

    private string Inbox()
    {
        var inbox = Folder.Combine("inbox");
        Directory.CreateDirectory(inbox);
        return inbox;
    }
}
