using System.Globalization;
using Dapper;
using Npgsql;

namespace PaymentRecon.Data;

/// <summary>
/// Settings for the rest of a transaction whose statements read a night's rows in bulk: sort and
/// hash memory enough for them to stay off the disk, and no JIT compilation, which the planner's
/// estimates over a million rows buy and which costs more than it saves (each caller says what it
/// measured).
/// </summary>
internal static class BulkSettings
{
    public static async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int workMemMegabytes, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            string.Create(CultureInfo.InvariantCulture, $"SET LOCAL work_mem = '{workMemMegabytes}MB'; SET LOCAL jit = off"),
            transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
}
