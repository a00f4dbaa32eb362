using Dapper;
using Npgsql;

namespace PaymentRecon.Data.Service;

/// <summary>
/// <c>recon.run_lease</c>: at most one run per business date at a time, across every server and
/// the command line. Hangfire's own distributed lock is not enough: on PostgreSQL it silently
/// expires after ten minutes and is never renewed. This lease is renewed by its holder while the
/// run goes on and expires on its own when the holder dies.
/// </summary>
public sealed class RunLeaseStore
{
    private readonly NpgsqlDataSource _dataSource;

    public RunLeaseStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>
    /// Takes the lease for <paramref name="businessDate"/> when nobody holds it, its holder let it
    /// expire, or <paramref name="holder"/> already holds it (a retry of the same job).
    /// </summary>
    public async Task<bool> TryAcquireAsync(DateOnly businessDate, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var taken = await connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            """
            INSERT INTO recon.run_lease (business_date, holder, acquired_at, expires_at)
            VALUES (@businessDate, @holder, now(), now() + make_interval(secs => @seconds))
            ON CONFLICT (business_date) DO UPDATE
               SET holder = EXCLUDED.holder, acquired_at = EXCLUDED.acquired_at, expires_at = EXCLUDED.expires_at
             WHERE recon.run_lease.expires_at < now() OR recon.run_lease.holder = EXCLUDED.holder
            RETURNING holder
            """,
            new { businessDate, holder, seconds = duration.TotalSeconds }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return taken is not null;
    }

    /// <summary>Extends the lease; false when it was lost (it expired and somebody else took it).</summary>
    /// <summary>Takes the lease from <paramref name="deadHolder"/>, only if it still holds it (nobody else was faster).</summary>
    public async Task<bool> TakeOverAsync(DateOnly businessDate, string deadHolder, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE recon.run_lease SET holder = @holder, acquired_at = now(), expires_at = now() + make_interval(secs => @seconds)
            WHERE business_date = @businessDate AND holder = @deadHolder
            """,
            new { businessDate, deadHolder, holder, seconds = duration.TotalSeconds }, cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    public async Task<bool> RenewAsync(DateOnly businessDate, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE recon.run_lease SET expires_at = now() + make_interval(secs => @seconds) WHERE business_date = @businessDate AND holder = @holder",
            new { businessDate, holder, seconds = duration.TotalSeconds }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows == 1;
    }

    public async Task ReleaseAsync(DateOnly businessDate, string holder, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM recon.run_lease WHERE business_date = @businessDate AND holder = @holder",
            new { businessDate, holder }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The current holder of a date, or null; an expired lease still shows until it is taken over.</summary>
    public async Task<RunLease?> FindAsync(DateOnly businessDate, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryFirstOrDefaultAsync<RunLease>(new CommandDefinition(
            "SELECT business_date AS BusinessDate, holder AS Holder, acquired_at AS AcquiredAt, expires_at AS ExpiresAt FROM recon.run_lease WHERE business_date = @businessDate",
            new { businessDate }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
