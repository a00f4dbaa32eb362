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

    public async Task FinishAsync(long runId, string status, string summaryJson, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE recon.run SET finished_at = now(), status = @status, summary = @summaryJson::jsonb WHERE id = @runId",
            new { runId, status, summaryJson }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
