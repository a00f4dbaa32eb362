using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PaymentRecon.Data;
using PaymentRecon.Data.Files;
using PaymentRecon.Inbox;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests.Files;

public sealed class InboxFileProcessorTests : IDisposable
{
    private static readonly DateOnly BusinessDate = new(2026, 11, 27);
    private readonly TempFolder _folder = new();
    private readonly List<NpgsqlDataSource> _dataSources = [];

    public void Dispose()
    {
        _dataSources.ForEach(d => d.Dispose());
        _folder.Dispose();
    }

    [Fact]
    public async Task Imports_in_one_transaction_and_archives_by_date()
    {
        var (dataSource, runId) = await SetUpAsync();
        var file = Write("a.csv", "one");

        var outcomes = await ProcessAsync(dataSource, runId, [file], WriteMarker);

        outcomes.Should().ContainSingle().Which.Status.Should().Be(InboxFileStatus.Imported);
        File.Exists(file).Should().BeFalse();
        File.ReadAllText(_folder.Combine("archive", "2026-11-27", "a.csv")).Should().Be("one");
        (await CountMarkersAsync(dataSource)).Should().Be(1);
    }

    [Fact]
    public async Task The_same_bytes_again_change_nothing_even_under_another_name()
    {
        var (dataSource, runId) = await SetUpAsync();
        await ProcessAsync(dataSource, runId, [Write("a.csv", "same")], WriteMarker);

        var outcomes = await ProcessAsync(dataSource, runId, [Write("b.csv", "same")], WriteMarker);

        outcomes.Single().Status.Should().Be(InboxFileStatus.Duplicate);
        outcomes.Single().Summary.Should().Contain("a.csv");
        (await CountMarkersAsync(dataSource)).Should().Be(1);
        File.Exists(_folder.Combine("archive", "2026-11-27", "b.csv")).Should().BeTrue();
    }

    [Fact]
    public async Task A_rejected_file_is_rolled_back_and_quarantined_with_every_problem_while_the_next_file_goes_on()
    {
        var (dataSource, runId) = await SetUpAsync();
        var bad = Write("bad.csv", "bad");
        var good = Write("good.csv", "good");

        var outcomes = await ProcessAsync(dataSource, runId, [bad, good], async (file, connection, transaction, ct) =>
        {
            await WriteMarker(file, connection, transaction, ct);
            if (file.FileName == "bad.csv")
            {
                throw new ImportFileRejectedException(
                [
                    new ImportProblem("line 7, column Kassenzeichen", "1008454561157", "Prüfziffer stimmt nicht."),
                    new ImportProblem("line 9, column Betrag", "12,345", "Mehr als zwei Nachkommastellen."),
                ]);
            }

            return "ok";
        });

        outcomes.Select(o => o.Status).Should().Equal(InboxFileStatus.Quarantined, InboxFileStatus.Imported);
        (await CountMarkersAsync(dataSource)).Should().Be(1, "only the good file's rows remain");
        File.Exists(_folder.Combine("quarantine", "bad.csv")).Should().BeTrue();
        var report = File.ReadAllText(_folder.Combine("quarantine", "bad.csv.error.txt"));
        report.Should().Contain("line 7, column Kassenzeichen").And.Contain("Prüfziffer").And.Contain("line 9, column Betrag").And.Contain("12,345");

        await using var connection = await dataSource.OpenConnectionAsync();
        var statuses = await connection.QueryAsync<string>("SELECT status FROM recon.import_file ORDER BY id");
        statuses.Should().Equal("quarantined", "imported");
    }

    [Fact]
    public async Task A_fixed_file_is_taken_after_quarantine()
    {
        var (dataSource, runId) = await SetUpAsync();
        await ProcessAsync(dataSource, runId, [Write("f.csv", "broken")], (_, _, _, _) => throw new ImportFileRejectedException("kaputt"));

        var outcomes = await ProcessAsync(dataSource, runId, [Write("f.csv", "fixed")], WriteMarker);

        outcomes.Single().Status.Should().Be(InboxFileStatus.Imported);
        File.Exists(_folder.Combine("quarantine", "f.csv")).Should().BeTrue("the broken original stays for the record");
    }

    [Fact]
    public async Task A_file_imported_but_not_yet_moved_when_the_process_died_is_only_archived_next_time()
    {
        var (dataSource, runId) = await SetUpAsync();
        var file = Write("a.csv", "crash");
        await ProcessAsync(dataSource, runId, [file], WriteMarker);
        // As if the process had died between commit and move: the file is back in the inbox.
        File.Copy(_folder.Combine("archive", "2026-11-27", "a.csv"), file);

        var outcomes = await ProcessAsync(dataSource, runId, [file], WriteMarker);

        outcomes.Single().Status.Should().Be(InboxFileStatus.Duplicate);
        (await CountMarkersAsync(dataSource)).Should().Be(1);
        File.Exists(_folder.Combine("archive", "2026-11-27", "a.2.csv")).Should().BeTrue();
    }

    [Fact]
    public async Task An_infrastructure_failure_leaves_the_file_in_the_inbox_and_nothing_recorded()
    {
        var (dataSource, runId) = await SetUpAsync();
        var file = Write("a.csv", "x");

        await FluentActions.Awaiting(() => ProcessAsync(dataSource, runId, [file], (_, _, _, _) => throw new TimeoutException("database gone")))
            .Should().ThrowAsync<TimeoutException>();

        File.Exists(file).Should().BeTrue();
        await using var connection = await dataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.import_file")).Should().Be(0);
    }

    private async Task<(NpgsqlDataSource DataSource, long RunId)> SetUpAsync()
    {
        var dataSource = Database.CreateDataSource(await TestDatabase.CreateAsync());
        _dataSources.Add(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("CREATE TABLE public.marker (import_file_id bigint NOT NULL)");
        var runId = await new RunStore(dataSource).StartAsync(BusinessDate, "test", CancellationToken.None);
        return (dataSource, runId);
    }

    private Task<IReadOnlyList<InboxFileOutcome>> ProcessAsync(
        NpgsqlDataSource dataSource, long runId, string[] files, Func<InboxFile, NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<string>> import) =>
        new InboxFileProcessor(dataSource, NullLogger.Instance).ProcessAsync(
            "receivable", files, runId, BusinessDate, _folder.Combine("archive"), _folder.Combine("quarantine"), import, CancellationToken.None);

    private static async Task<string> WriteMarker(InboxFile file, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("INSERT INTO public.marker VALUES (@ImportFileId)", file, transaction, cancellationToken: cancellationToken));
        return "1 marker";
    }

    private static async Task<long> CountMarkersAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM public.marker");
    }

    private string Write(string name, string content)
    {
        var inbox = _folder.Combine("inbox");
        Directory.CreateDirectory(inbox);
        var path = Path.Combine(inbox, name);
        File.WriteAllText(path, content);
        return path;
    }
}
