using System.Globalization;
using Npgsql;
using PaymentRecon.Data;

namespace PaymentRecon.IntegrationTests.Infrastructure;

/// <summary>
/// Hands each test its own database, cloned from a template that has every migration applied, so
/// tests are isolated and still fast. The server comes from <c>PAYMENTRECON_TEST_DB</c>, which
/// scripts/test.sh sets to a throwaway cluster. Without it the tests fail: they never skip.
/// </summary>
public static class TestDatabase
{
    public const string Variable = "PAYMENTRECON_TEST_DB";

    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? _templateName;
    private static int _counter;

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. Database tests need PostgreSQL: run them through scripts/test.sh, which starts a throwaway cluster.");

    /// <summary>Creates a fresh, migrated database and returns its connection string.</summary>
    public static async Task<string> CreateAsync()
    {
        var template = await EnsureTemplateAsync().ConfigureAwait(false);
        var name = string.Create(CultureInfo.InvariantCulture, $"t_{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}");
        await using (var admin = new NpgsqlConnection(ServerConnectionString))
        {
            await admin.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"", admin);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return WithDatabase(name);
    }

    /// <summary>An empty database without any migration, for the migration tests themselves.</summary>
    public static async Task<string> CreateEmptyAsync()
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"e_{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}");
        await using var admin = new NpgsqlConnection(ServerConnectionString);
        await admin.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0", admin);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return WithDatabase(name);
    }

    private static string WithDatabase(string name) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, Pooling = true }.ConnectionString;

    private static async Task<string> EnsureTemplateAsync()
    {
        await TemplateLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_templateName is not null)
            {
                return _templateName;
            }

            var connectionString = await CreateEmptyAsync().ConfigureAwait(false);
            await using (var dataSource = Database.CreateDataSource(connectionString))
            {
                await new MigrationRunner(dataSource).MigrateAsync(CancellationToken.None).ConfigureAwait(false);
            }

            // A template must have no open connections when it is copied.
            NpgsqlConnection.ClearAllPools();
            _templateName = new NpgsqlConnectionStringBuilder(connectionString).Database!;
            return _templateName;
        }
        finally
        {
            TemplateLock.Release();
        }
    }
}
