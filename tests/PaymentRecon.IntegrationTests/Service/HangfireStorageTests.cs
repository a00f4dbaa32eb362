using Dapper;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.States;
using Npgsql;
using PaymentRecon.Data;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Host.Service;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests.Service;

/// <summary>Hangfire.PostgreSql 1.21.1 was built against Npgsql 6 / Dapper 2.0; here it runs on our pinned Npgsql 10 and Dapper 2.1.86.</summary>
public sealed class HangfireStorageTests
{
    [Fact]
    public async Task Hangfire_storage_installs_and_works_on_Npgsql_10()
    {
        typeof(NpgsqlConnection).Assembly.GetName().Version!.Major.Should().Be(10);
        typeof(SqlMapper).Assembly.GetName().Version.Should().BeGreaterThanOrEqualTo(new Version(2, 0, 0, 0));

        var connectionString = await TestDatabase.CreateAsync();
        await using var dataSource = Database.CreateDataSource(connectionString);
        // Twice, as two servers starting at once would: the second finds the schema current.
        await Task.WhenAll(HangfireRegistration.InstallSchemaAsync(dataSource, CancellationToken.None), HangfireRegistration.InstallSchemaAsync(dataSource, CancellationToken.None));

        var options = new ServiceOptions();
        var storage = new PostgreSqlStorage(
            new NpgsqlConnectionFactory(HangfireRegistration.HangfireConnectionString(connectionString, options), HangfireRegistration.StorageOptions(options)),
            HangfireRegistration.StorageOptions(options));
        var client = new BackgroundJobClient(storage);
        var jobId = client.Create(() => Console.WriteLine("x"), new EnqueuedState("recon"));

        using (var connection = storage.GetConnection())
        {
            connection.GetStateData(jobId)!.Name.Should().Be(EnqueuedState.StateName);
        }

        storage.GetMonitoringApi().EnqueuedCount("recon").Should().Be(1);
        await using var check = await dataSource.OpenConnectionAsync();
        (await check.ExecuteScalarAsync<string>("SELECT statename FROM hangfire.job WHERE id = @id", new { id = long.Parse(jobId, System.Globalization.CultureInfo.InvariantCulture) }))
            .Should().Be("Enqueued");
    }
}
