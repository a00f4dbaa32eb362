using Dapper;
using Npgsql;

namespace PaymentRecon.Benchmarks;

/// <summary>A throwaway database on the benchmark server, one per benchmark process.</summary>
internal static class ScratchDatabase
{
    /// <summary>Creates <paramref name="name"/> on <paramref name="server"/>; returns its connection string (no command timeout: the loads are long).</summary>
    public static async Task<string> CreateAsync(string server, string name)
    {
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.ExecuteAsync($"CREATE DATABASE {name}").ConfigureAwait(false);
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name, CommandTimeout = 0 }.ConnectionString;
    }

    /// <summary>
    /// Drops it again, whatever connections the benchmark left open; with
    /// <c>PAYMENTRECON_BENCH_KEEP=1</c> keeps it for a closer look (EXPLAIN, row counts, a COPY again
    /// in a rolled-back transaction) and names it on standard error.
    /// </summary>
    public static async Task DropAsync(string server, string name)
    {
        if (Environment.GetEnvironmentVariable("PAYMENTRECON_BENCH_KEEP") == "1")
        {
            await Console.Error.WriteLineAsync($"database {name} kept").ConfigureAwait(false);
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(server);
        await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)").ConfigureAwait(false);
    }
}
