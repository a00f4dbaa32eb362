using Dapper;
using Npgsql;

namespace PaymentRecon.Data.Service;

/// <summary><c>recon.run_job</c>: which Hangfire job executed which run, so the dashboard links one to the other.</summary>
public sealed class RunJobStore
{
    private readonly NpgsqlDataSource _dataSource;

    public RunJobStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    public async Task LinkAsync(long runId, string jobId, string server, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO recon.run_job (run_id, job_id, server) VALUES (@runId, @jobId, @server) ON CONFLICT (run_id) DO NOTHING",
            new { runId, jobId, server }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The runs a job executed (a retried job may have executed more than one).</summary>
    public IReadOnlyList<long> RunsOfJob(string jobId)
    {
        using var connection = _dataSource.OpenConnection();
        return connection.Query<long>("SELECT run_id FROM recon.run_job WHERE job_id = @jobId ORDER BY run_id", new { jobId }).AsList();
    }
}
