using Dapper;
using Npgsql;

namespace PaymentRecon.Data;

/// <summary>Rows of <c>recon.run</c>: one per execution of the nightly job.</summary>
public sealed class RunStore
{
    private readonly NpgsqlDataSource _dataSource;

    public RunStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    public async Task<long> StartAsync(DateOnly businessDate, string trigger, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO recon.run (business_date, trigger) VALUES (@businessDate, @trigger) RETURNING id",
            new { businessDate, trigger }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// The run a Hangfire job started; a job retried after a crash finds its run instead of
    /// starting a second one. The run and its link to the job are written together.
    /// </summary>
    public async Task<long> StartForJobAsync(DateOnly businessDate, string trigger, string jobId, string server, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var existing = await connection.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT run_id FROM recon.run_job WHERE job_id = @jobId ORDER BY run_id DESC LIMIT 1",
            new { jobId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (existing is long runId)
        {
            return runId;
        }

        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            WITH run AS (INSERT INTO recon.run (business_date, trigger) VALUES (@businessDate, @trigger) RETURNING id),
                 job AS (INSERT INTO recon.run_job (run_id, job_id, server) SELECT id, @jobId, @server FROM run)
            SELECT id FROM run
            """,
            new { businessDate, trigger, jobId, server }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<RunRow?> FindAsync(long runId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryFirstOrDefaultAsync<RunRow>(new CommandDefinition(
            "SELECT id AS Id, business_date AS BusinessDate, trigger AS Trigger, started_at AS StartedAt, status AS Status FROM recon.run WHERE id = @runId",
            new { runId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends a run that another run took over between two of its steps: failed, with the reason,
    /// and finished when its last step finished (it did nothing after that).
    /// </summary>
    public async Task AbandonAsync(long runId, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE recon.run r
               SET status = 'failed',
                   finished_at = coalesce((SELECT max(s.finished_at) FROM recon.run_step s WHERE s.run_id = r.id), r.started_at),
                   summary = jsonb_build_object('runId', r.id, 'businessDate', r.business_date, 'abgebrochen', @reason::text)
             WHERE r.id = @runId AND r.status = 'running'
            """,
            new { runId, reason }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Finishes a run once: a second call (a retried last step) leaves the first result alone.</summary>
    public async Task FinishAsync(long runId, string status, string summaryJson, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE recon.run SET finished_at = now(), status = @status, summary = @summaryJson::jsonb WHERE id = @runId AND status = 'running'",
            new { runId, status, summaryJson }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
