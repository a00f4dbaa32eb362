using Dapper;
using Npgsql;
using PaymentRecon.Data;
using PaymentRecon.Data.Booking;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests.Reconciliation;

/// <summary>
/// Migration 0009 moves the export numbering out of recon.booking: a database that has exported
/// and unexported lines must come out with every exported line keeping its BuchungsId and file,
/// and every unexported line going into the next export, once.
/// </summary>
public sealed class ExportLineMigrationTests
{
    private static readonly DateOnly Day = new(2026, 11, 26);

    [Fact]
    public async Task Exported_lines_keep_their_BuchungsId_and_the_others_go_into_the_next_export()
    {
        var connectionString = await TestDatabase.CreateEmptyAsync();
        await using var dataSource = Database.CreateDataSource(connectionString);
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await ApplyReleasedMigrationsAsync(connection);
            var export = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO recon.export (business_date, sequence, file_name, status, line_count, sha256, control_json, written_at) VALUES (@Day, 1, 'BUCHUNGEN_20261126_0001.csv', 'written', 2, '\\x00', '{}', now()) RETURNING id",
                new { Day });
            // Written before the line part had seven digits: the ids stay as they went out.
            await InsertLineAsync(connection, 1, 20m, export, "20261126-0001-000002");
            await InsertLineAsync(connection, 2, 10m, export, "20261126-0001-000001");
            await InsertLineAsync(connection, 3, 5m, null, null);
        }

        await new MigrationRunner(dataSource).MigrateAsync(CancellationToken.None);

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            (await connection.QueryAsync<(long, string?)>("SELECT receipt_id, buchungs_id FROM recon.booking_with_export ORDER BY receipt_id"))
                .Should().Equal((1L, "20261126-0001-000002"), (2L, "20261126-0001-000001"), (3L, null));
            await InsertLineAsync(connection, 4, 7m, null, null);
        }

        var store = new ExportStore(dataSource);
        var old = (await store.FindAsync("BUCHUNGEN_20261126_0001.csv", CancellationToken.None))!.Value.Export;
        (await store.LinesAsync(old, CancellationToken.None).ToListAsync()).Select(l => l.BuchungsId)
            .Should().Equal("20261126-0001-000001", "20261126-0001-000002");

        var next = await store.PrepareAsync(null, Day, CancellationToken.None);
        next.Should().NotBeNull();
        next!.LineCount.Should().Be(2);
        (await store.LinesAsync(next, CancellationToken.None).ToListAsync()).Select(l => (l.BuchungsId, l.Betrag.Amount))
            .Should().Equal(("20261126-0002-0000001", 5m), ("20261126-0002-0000002", 7m));
        (await store.PrepareAsync(null, Day, CancellationToken.None)).Should().BeNull("every line is in exactly one export");

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            (await connection.QueryAsync<string>("SELECT buchungs_id FROM recon.booking_with_export WHERE receipt_id IN (3, 4) ORDER BY receipt_id"))
                .Should().Equal("20261126-0002-0000001", "20261126-0002-0000002");
        }
    }

    private static async Task ApplyReleasedMigrationsAsync(NpgsqlConnection connection)
    {
        await connection.ExecuteAsync("CREATE SCHEMA IF NOT EXISTS recon; CREATE TABLE IF NOT EXISTS recon.schema_version (version integer PRIMARY KEY, name text NOT NULL, sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        foreach (var migration in MigrationRunner.Available.Where(m => m.Version <= 6))
        {
            await connection.ExecuteAsync(migration.Sql);
            await connection.ExecuteAsync("INSERT INTO recon.schema_version (version, name, sha256) VALUES (@Version, @Name, @Sha256)", migration);
        }
    }

    private static async Task InsertLineAsync(NpgsqlConnection connection, long receipt, decimal amount, long? export, string? buchungsId)
    {
        var exportColumns = export is null ? "" : ", export_id, buchungs_id";
        var exportValues = export is null ? "" : ", @export, @buchungsId";
        await connection.ExecuteAsync(
            $"""
            INSERT INTO recon.booking (receipt_id, decision_seq, entry_id, statement_id, satzart, buchungsdatum, valuta, betrag, waehrung, zuordnung, regel{exportColumns})
            VALUES (@receipt, 1, 1, 1, 'VWG', @Day, @Day, @amount, 'EUR', 'AUTO', 'KZ-FEHLT'{exportValues})
            """,
            new { receipt, amount, export, buchungsId, Day });
    }
}
