using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Host.Runs;

namespace PaymentRecon.IntegrationTests.Reconciliation;

/// <summary>
/// The steps of a run one by one, as the service's jobs execute them: a step executed twice (a job
/// fetched twice, a retry after a crash) does its work once, a step cannot run before the one it
/// needs, and a run finishes once.
/// </summary>
public sealed class RunStepTests
{
    [Fact]
    public async Task Steps_executed_twice_do_their_work_once_and_the_run_ends_as_a_clean_run_does()
    {
        using var demo = await DemoRun.CreateAsync();
        demo.LayInbox("2026-11-26");
        await using var dataSource = NpgsqlDataSource.Create(demo.ConnectionString);
        var (folders, run) = Runner(demo, dataSource);
        var request = new RunRequest(new DateOnly(2026, 11, 26), RunTrigger.Schedule, folders);

        var runId = await run.StartForJobAsync(request, "17", "server-a", CancellationToken.None);
        (await run.StartForJobAsync(request, "17", "server-b", CancellationToken.None)).Should().Be(runId, "a retried job goes on with the run it started");

        await run.ExecuteStepAsync(runId, RunSteps.Receivables, folders, "18", CancellationToken.None);
        var export = () => run.ExecuteStepAsync(runId, RunSteps.Export, folders, "19", CancellationToken.None);
        await export.Should().ThrowAsync<InvalidOperationException>().WithMessage("*reconcile must be done*");

        foreach (var step in RunSteps.All.Skip(1))
        {
            await run.ExecuteStepAsync(runId, step, folders, "job-" + step, CancellationToken.None);
        }

        await using var connection = new NpgsqlConnection(demo.ConnectionString);
        var decisions = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.decision");
        var lines = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.booking");
        decisions.Should().BePositive();

        // Every step again: nothing new, the recorded results stand.
        foreach (var step in RunSteps.All)
        {
            await run.ExecuteStepAsync(runId, step, folders, "again", CancellationToken.None);
        }

        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.decision")).Should().Be(decisions);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.booking")).Should().Be(lines);
        (await connection.QueryAsync<string>("SELECT job_id FROM recon.run_step WHERE run_id = @runId ORDER BY finished_at", new { runId }))
            .Should().Equal("18", "job-statements", "job-providersAndSepa", "job-reconcile", "job-export", "job-report");

        var first = await run.FinishAsync(runId, CancellationToken.None);
        first.Summary.Should().Contain("Buchungsdatei: BUCHUNGEN_20261126_0001.csv");
        var finishedAt = await connection.ExecuteScalarAsync<DateTime>("SELECT finished_at FROM recon.run WHERE id = @runId", new { runId });
        await run.FinishAsync(runId, CancellationToken.None);
        (await connection.ExecuteScalarAsync<DateTime>("SELECT finished_at FROM recon.run WHERE id = @runId", new { runId })).Should().Be(finishedAt, "a run finishes once");

        // The same booking file a clean run of the command line writes.
        demo.BookingFiles().Should().ContainSingle().Which.Value
            .Should().Equal(File.ReadAllBytes(Infrastructure.Repository.Path("fixtures", "bookings-expected", "BUCHUNGEN_20261126_0001.csv")));
        (await connection.QuerySingleAsync<string>("SELECT status FROM recon.run WHERE id = @runId", new { runId })).Should().Be("succeeded");
    }

    [Fact]
    public async Task A_control_sum_violation_rolls_back_the_numbering_that_ran_beside_it_and_writes_no_file()
    {
        using var demo = await DemoRun.CreateAsync();
        demo.LayInbox("2026-11-26");
        await using var dataSource = NpgsqlDataSource.Create(demo.ConnectionString);
        var (folders, run) = Runner(demo, dataSource);
        var runId = await run.StartForJobAsync(new RunRequest(new DateOnly(2026, 11, 26), RunTrigger.Schedule, folders), "1", "server-a", CancellationToken.None);
        foreach (var step in RunSteps.All.TakeWhile(s => s != RunSteps.Export))
        {
            await run.ExecuteStepAsync(runId, step, folders, "job-" + step, CancellationToken.None);
        }

        // A line too many on one booked entry: its lines no longer add up to its amount.
        await using var connection = new NpgsqlConnection(demo.ConnectionString);
        await connection.ExecuteAsync(
            """
            INSERT INTO recon.booking (receipt_id, decision_seq, entry_id, statement_id, satzart, buchungsdatum, valuta, betrag, waehrung, zuordnung, regel)
            SELECT receipt_id, decision_seq, entry_id, statement_id, 'VWG', buchungsdatum, valuta, 1.00, 'EUR', 'AUTO', 'TEST'
            FROM recon.booking WHERE entry_id IS NOT NULL ORDER BY id LIMIT 1
            """);
        var queued = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.export_queue");
        queued.Should().Be(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.booking"));

        await run.ExecuteStepAsync(runId, RunSteps.Export, folders, "job-export", CancellationToken.None);

        demo.BookingFiles().Should().BeEmpty("a violated control sum stops the export");
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.export")).Should().Be(0, "the numbering is rolled back, no export is registered");
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.export_line")).Should().Be(0);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.export_queue")).Should().Be(queued, "every line waits for the next export");
        var result = await connection.QuerySingleAsync<string>(
            "SELECT result::text FROM recon.run_step WHERE run_id = @runId AND step = @step", new { runId, step = RunSteps.Export });
        result.Should().Contain("Buchungszeilen ergeben");
    }

    private static (RunFolders Folders, NightlyRun Run) Runner(DemoRun demo, NpgsqlDataSource dataSource) =>
        (new RunFolders(Path.Combine(demo.Folder, "inbox"), demo.Outbox, Path.Combine(demo.Folder, "archive"), demo.Quarantine),
         new NightlyRun(dataSource, new PaymentReconOptions(), NullLoggerFactory.Instance, TimeProvider.System));
}
