using Dapper;
using Npgsql;

namespace PaymentRecon.Data.Service;

/// <summary><c>recon.job_log</c>: the log lines of a Hangfire job, for its page in the dashboard.</summary>
public sealed class JobLogStore
{
    private readonly NpgsqlDataSource _dataSource;

    public JobLogStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    public async Task AppendAsync(IReadOnlyList<JobLogLine> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO recon.job_log (job_id, logged_at, level, category, message) VALUES (@JobId, @LoggedAt, @Level, @Category, @Message)",
            lines, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Synchronous because Hangfire renders its job page synchronously.</summary>
    public IReadOnlyList<JobLogLine> Read(string jobId, int limit)
    {
        using var connection = _dataSource.OpenConnection();
        return connection.Query<JobLogLine>(
            """
            SELECT job_id AS JobId, logged_at AS LoggedAt, level AS Level, category AS Category, message AS Message
              FROM recon.job_log WHERE job_id = @jobId ORDER BY id LIMIT @limit
            """,
            new { jobId, limit }).AsList();
    }
}
