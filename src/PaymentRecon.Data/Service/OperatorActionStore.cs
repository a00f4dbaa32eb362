using Dapper;
using Npgsql;

namespace PaymentRecon.Data.Service;

/// <summary><c>recon.operator_action</c>: who asked for which rerun or re-import, when, and through which channel.</summary>
public sealed class OperatorActionStore
{
    private readonly NpgsqlDataSource _dataSource;

    public OperatorActionStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    public async Task<long> RecordAsync(OperatorAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO recon.operator_action (action, business_date, file_name, import_file_id, requested_by, channel, job_id, outcome)
            VALUES (@Action, @BusinessDate, @FileName, @ImportFileId, @RequestedBy, @Channel, @JobId, @Outcome)
            RETURNING id
            """,
            action, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The Hangfire job of the latest rerun requested for a date, to avoid queueing a second one.</summary>
    public async Task<string?> LatestRerunJobAsync(DateOnly businessDate, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryFirstOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT job_id FROM recon.operator_action WHERE action = 'rerun' AND business_date = @businessDate AND job_id IS NOT NULL ORDER BY id DESC LIMIT 1",
            new { businessDate }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The most recent actions, newest first, for the dashboard.</summary>
    public IReadOnlyList<OperatorAction> Recent(int limit)
    {
        using var connection = _dataSource.OpenConnection();
        return connection.Query<OperatorAction>(
            """
            SELECT action AS Action, business_date AS BusinessDate, file_name AS FileName, import_file_id AS ImportFileId,
                   requested_by AS RequestedBy, channel AS Channel, job_id AS JobId, outcome AS Outcome, requested_at AS RequestedAt
              FROM recon.operator_action ORDER BY id DESC LIMIT @limit
            """,
            new { limit }).AsList();
    }
}
