using Dapper;
using Npgsql;

namespace PaymentRecon.Data.Service;

/// <summary>Read side of <c>recon.run</c> for the dashboard and the health check.</summary>
public sealed class RunOverviewStore
{
    private const string Select =
        """
        SELECT r.id AS Id, r.business_date AS BusinessDate, r.trigger AS Trigger, r.started_at AS StartedAt,
               r.finished_at AS FinishedAt, r.status AS Status, r.summary::text AS Summary, j.job_id AS JobId, j.server AS Server
          FROM recon.run r LEFT JOIN recon.run_job j ON j.run_id = r.id
        """;

    private readonly NpgsqlDataSource _dataSource;

    public RunOverviewStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Newest first; synchronous because Hangfire renders its pages synchronously.</summary>
    public IReadOnlyList<RunOverview> Recent(int limit, int offset)
    {
        using var connection = _dataSource.OpenConnection();
        return connection.Query<RunOverview>(Select + " ORDER BY r.id DESC LIMIT @limit OFFSET @offset", new { limit, offset }).AsList();
    }

    public long Count()
    {
        using var connection = _dataSource.OpenConnection();
        return connection.ExecuteScalar<long>("SELECT count(*) FROM recon.run");
    }

    public RunOverview? Find(long runId)
    {
        using var connection = _dataSource.OpenConnection();
        return connection.QueryFirstOrDefault<RunOverview>(Select + " WHERE r.id = @runId", new { runId });
    }

    /// <summary>The latest run started by the schedule, for the health check.</summary>
    public async Task<RunOverview?> LatestScheduledAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryFirstOrDefaultAsync<RunOverview>(new CommandDefinition(
            Select + " WHERE r.trigger = 'schedule' ORDER BY r.id DESC LIMIT 1", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
