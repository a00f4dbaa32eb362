using Npgsql;

namespace PaymentRecon.Data.Service;

/// <summary>
/// A session advisory lock on one run while a job executes one of its steps. The steps of a run
/// share the date's lease (they pass it from job to job), so the lease cannot keep apart two
/// executions of the same run: a job Hangfire fetched twice, or a step queued twice after a crash
/// between recording the step and queueing the next. The database drops the lock with the session,
/// so a killed server never leaves it behind.
/// </summary>
public sealed class RunStepLock : IAsyncDisposable
{
    // Any fixed key space, apart from the migration runner's and Hangfire's install lock: "RUNS".
    private const int KeySpace = 0x5255_4E53;

    private readonly NpgsqlConnection _connection;
    private readonly int _key;

    private RunStepLock(NpgsqlConnection connection, int key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>The lock, or null when another session holds it.</summary>
    public static async Task<RunStepLock?> TryTakeAsync(NpgsqlDataSource dataSource, long runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@space, @run)", connection);
            command.Parameters.AddWithValue("space", KeySpace);
            var key = unchecked((int)runId);
            command.Parameters.AddWithValue("run", key);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return new RunStepLock(connection, key);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@space, @run)", _connection);
            command.Parameters.AddWithValue("space", KeySpace);
            command.Parameters.AddWithValue("run", _key);
            await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // A broken session has lost the lock with it.
        }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
