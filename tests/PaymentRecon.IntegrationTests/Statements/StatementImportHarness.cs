using System.Text;
using Dapper;
using Npgsql;
using PaymentRecon.Camt;
using PaymentRecon.Data;
using PaymentRecon.Data.Files;
using PaymentRecon.Data.Statements;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests.Statements;

/// <summary>
/// Drives <see cref="InboxFileProcessor"/> with the <see cref="StatementImporter"/> and a fake parser:
/// each file gets fresh bytes (so a fresh hash) and stands for the messages the test built.
/// </summary>
public sealed class StatementImportHarness : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private readonly Dictionary<string, IReadOnlyList<CamtMessage>> _parsed = new(StringComparer.Ordinal);
    private int _files;

    private StatementImportHarness(NpgsqlDataSource dataSource, long runId, int chunkSize)
    {
        DataSource = dataSource;
        RunId = runId;
        Importer = new StatementImporter(Logger, chunkSize);
    }

    public NpgsqlDataSource DataSource { get; }

    public long RunId { get; }

    public ListLogger Logger { get; } = new();

    public StatementImporter Importer { get; }

    public string Quarantine => _folder.Combine("quarantine");

    public static async Task<StatementImportHarness> CreateAsync(int chunkSize = StatementImporter.ChunkSize)
    {
        var dataSource = Database.CreateDataSource(await TestDatabase.CreateAsync());
        var runId = await new RunStore(dataSource).StartAsync(new DateOnly(2026, 11, 3), "test", CancellationToken.None);
        return new StatementImportHarness(dataSource, runId, chunkSize);
    }

    /// <summary>One inbox file holding <paramref name="messages"/> (several: a ZIP), imported whole or not at all.</summary>
    public Task<InboxFileOutcome> ImportAsync(params CamtMessage[] messages) => ImportWithAsync(Importer, messages);

    /// <summary>As <see cref="ImportAsync"/>, with another importer (e.g. another chunk size).</summary>
    public async Task<InboxFileOutcome> ImportWithAsync(StatementImporter importer, params CamtMessage[] messages)
    {
        var inbox = _folder.Combine("inbox");
        Directory.CreateDirectory(inbox);
        var path = Path.Combine(inbox, $"file{++_files:D3}.xml");
        await File.WriteAllTextAsync(path, $"<fake n=\"{_files}\" id=\"{Guid.NewGuid()}\"/>", Encoding.UTF8);
        _parsed[path] = messages;
        var processor = new InboxFileProcessor(DataSource, Logger);
        var outcomes = await processor.ProcessAsync("statement", [path], RunId, new DateOnly(2026, 11, 3), _folder.Combine("archive"), Quarantine,
            (file, connection, transaction, ct) => importer.ImportAllAsync(file, Parse(file.Path), connection, transaction, ct),
            CancellationToken.None);
        return outcomes.Single();
    }

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException("no value: " + sql);
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

    // The fake parser: what the reader would have produced from this file.
    private IEnumerable<CamtMessage> Parse(string path) => _parsed[path];
}
