using Dapper;
using Npgsql;

namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>
/// One lock for everything that books Klärfälle or Soll open amounts: the reconciliation step
/// (which tries open Klärfälle again) and a manual approval. Held to the end of the transaction, so
/// the two never interleave: whichever comes second sees the first's result (the Klärfall no
/// longer open, the Soll paid) and does not book it again.
/// </summary>
public static class KlaerfallBookingLock
{
    // Any fixed 64-bit key; the same for every PaymentRecon process ("KlrfLock").
    private const long Key = 0x4B6C_7266_4C6F_636B;

    /// <summary>Waits for the lock (the reconciliation step: an approval holds it for milliseconds).</summary>
    public static Task AcquireAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = Key }, transaction, cancellationToken: cancellationToken, commandTimeout: 0));
    }

    /// <summary>Waits at most <paramref name="timeout"/>; false when the nightly run holds it longer.</summary>
    public static async Task<bool> TryAcquireAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT pg_try_advisory_xact_lock(@key)", new { key = Key }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false))
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }
}
