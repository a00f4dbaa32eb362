using Dapper;
using Npgsql;
using PaymentRecon.Data;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests;

public sealed class MigrationTests
{
    [Fact]
    public async Task Applies_every_migration_once_and_records_it()
    {
        var connectionString = await TestDatabase.CreateEmptyAsync();
        await using var dataSource = Database.CreateDataSource(connectionString);
        var runner = new MigrationRunner(dataSource);

        var first = await runner.MigrateAsync(CancellationToken.None);
        var second = await runner.MigrateAsync(CancellationToken.None);

        first.Select(m => m.Version).Should().Equal(MigrationRunner.Available.Select(m => m.Version));
        second.Should().BeEmpty();
        (await runner.CurrentVersionAsync(CancellationToken.None)).Should().Be(MigrationRunner.Available[^1].Version);
        await using var connection = await dataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM recon.schema_version")).Should().Be(MigrationRunner.Available.Count);
    }

    [Fact]
    public async Task Two_processes_migrating_at_once_apply_each_migration_once()
    {
        var connectionString = await TestDatabase.CreateEmptyAsync();
        var runners = Enumerable.Range(0, 4).Select(_ => Database.CreateDataSource(connectionString)).ToList();
        try
        {
            var results = await Task.WhenAll(runners.Select(ds => new MigrationRunner(ds).MigrateAsync(CancellationToken.None)));
            results.Sum(r => r.Count).Should().Be(MigrationRunner.Available.Count);
        }
        finally
        {
            foreach (var dataSource in runners)
            {
                await dataSource.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task An_edited_migration_stops_the_upgrade()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var dataSource = Database.CreateDataSource(connectionString);
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE recon.schema_version SET sha256 = 'edited' WHERE version = 1");
        }

        await FluentActions.Awaiting(() => new MigrationRunner(dataSource).MigrateAsync(CancellationToken.None))
            .Should().ThrowAsync<InvalidOperationException>().WithMessage("*0001*changed after it was applied*");
    }

    [Fact]
    public void Embedded_migrations_are_numbered_strictly_increasing_from_1()
    {
        MigrationRunner.Available[0].Version.Should().Be(1);
        MigrationRunner.Available.Select(m => m.Version).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Our_tables_live_in_schema_recon()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        var schemas = await connection.QueryAsync<string>(
            "SELECT DISTINCT table_schema FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')");
        schemas.Should().Equal("recon");
    }
}
