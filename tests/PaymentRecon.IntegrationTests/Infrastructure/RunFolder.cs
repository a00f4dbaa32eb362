using System.Text.Json.Nodes;
using Dapper;
using Npgsql;

namespace PaymentRecon.IntegrationTests.Infrastructure;

/// <summary>A working folder for <c>paymentrecon run</c> with its own database: lay fixtures into the inbox, run, read what it booked and reported.</summary>
public sealed class RunFolder : IDisposable
{
    private readonly TempFolder _folder = new();

    private RunFolder(string connectionString, IReadOnlyDictionary<string, string?> environment)
    {
        ConnectionString = connectionString;
        Environment = new Dictionary<string, string?>(environment) { ["PAYMENTRECON_DB"] = connectionString };
    }

    public string ConnectionString { get; }

    /// <summary>The working folder (inbox, outbox, archive below it), e.g. for <c>serve</c> on the same data.</summary>
    public string WorkingDirectory => _folder.Path;

    public Dictionary<string, string?> Environment { get; }

    public static async Task<RunFolder> CreateAsync(IReadOnlyDictionary<string, string?>? environment = null) =>
        new(await TestDatabase.CreateAsync(), environment ?? new Dictionary<string, string?>());

    /// <summary>Copies a fixture (path below fixtures/) into inbox/<paramref name="inboxFolder"/>.</summary>
    public void Lay(string[] fixture, params string[] inboxFolder)
    {
        var directory = _folder.Combine(["inbox", .. inboxFolder]);
        Directory.CreateDirectory(directory);
        File.Copy(ImportTestBed.Fixture(fixture), Path.Combine(directory, fixture[^1]), overwrite: true);
    }

    public Task<ProgramResult> RunAsync(string date) => ProgramRunner.RunAsync(_folder.Path, Environment, "run", "--date", date);

    /// <summary>Any other command of the program in this folder, with this folder's database and settings.</summary>
    public Task<ProgramResult> CommandAsync(params string[] args) => ProgramRunner.RunAsync(_folder.Path, Environment, args);

    /// <summary>The newest run report of a business date (yyyy-MM-dd).</summary>
    public JsonObject Report(string date) =>
        JsonNode.Parse(File.ReadAllText(Directory.EnumerateFiles(_folder.Combine("outbox"), $"BERICHT_{date.Replace("-", "", StringComparison.Ordinal)}_*.json").Order(StringComparer.Ordinal).Last()))!.AsObject();

    public string ReportHtml(string date) =>
        File.ReadAllText(Directory.EnumerateFiles(_folder.Combine("outbox"), $"BERICHT_{date.Replace("-", "", StringComparison.Ordinal)}_*.html").Order(StringComparer.Ordinal).Last());

    public IReadOnlyList<string> BookingFiles() => [.. Directory.EnumerateFiles(_folder.Combine("outbox"), "BUCHUNGEN_*.csv").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    /// <summary>Booking lines of a run as (Satzart, Betrag, Kassenzeichen, Regel), in the order they were stored.</summary>
    public async Task<List<(string Satzart, decimal Betrag, string? Kassenzeichen, string Regel)>> LinesOfRunAsync(long runId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return [.. await connection.QueryAsync<(string, decimal, string?, string)>(
            "SELECT satzart, betrag, kassenzeichen, regel FROM recon.booking WHERE run_id = @runId ORDER BY id", new { runId })];
    }

    /// <summary>Every booked camt.053 entry whose lines do not add up to it (and is not out of scope): must be none.</summary>
    public async Task<long> UnbalancedEntriesAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return await connection.ExecuteScalarAsync<long>(
            """
            SELECT count(*) FROM recon.entry e
            WHERE e.message_type = 53 AND e.status = 'BOOK'
              AND NOT EXISTS (SELECT 1 FROM recon.decision d WHERE d.entry_id = e.id AND d.outcome = 'OutOfScope')
              AND e.amount <> coalesce((SELECT sum(betrag) FROM recon.booking b WHERE b.entry_id = e.id), 0)
            """);
    }

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    public void Dispose() => _folder.Dispose();
}
