using Dapper;
using Npgsql;

namespace PaymentRecon.Data.Service;

/// <summary><c>recon.run_step</c>: the steps of a run that are done, each with its result as JSON.</summary>
public sealed class RunStepStore
{
    private readonly NpgsqlDataSource _dataSource;

    public RunStepStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>
    /// Records a finished step. False when the step was recorded already: another execution of the
    /// same step finished first, and its result stands.
    /// </summary>
    public async Task<bool> RecordAsync(long runId, string step, string? jobId, DateTimeOffset startedAt, double seconds, string resultJson, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO recon.run_step (run_id, step, job_id, started_at, seconds, result)
            VALUES (@runId, @step, @jobId, @startedAt, @seconds, @resultJson::jsonb)
            ON CONFLICT (run_id, step) DO NOTHING
            """,
            new { runId, step, jobId, startedAt, seconds = Math.Round((decimal)seconds, 3), resultJson }, cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    /// <summary>The recorded result of one step, or null when the step is not done.</summary>
    public async Task<string?> ResultAsync(long runId, string step, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            "SELECT result::text FROM recon.run_step WHERE run_id = @runId AND step = @step",
            new { runId, step }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Every step of a run that is done, in the order they finished.</summary>
    public async Task<IReadOnlyList<RunStepRow>> StepsAsync(long runId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync<RunStepRow>(new CommandDefinition(
            "SELECT step AS Step, job_id AS JobId, seconds AS Seconds, result::text AS ResultJson FROM recon.run_step WHERE run_id = @runId ORDER BY finished_at, step",
            new { runId }, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
    }
}
