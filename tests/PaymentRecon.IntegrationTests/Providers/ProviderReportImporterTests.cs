using Dapper;
using Npgsql;
using PaymentRecon.Data.Files;
using PaymentRecon.Data.Providers;
using PaymentRecon.IntegrationTests.Infrastructure;
using PaymentRecon.Providers;

namespace PaymentRecon.IntegrationTests.Providers;

public sealed class ProviderReportImporterTests : IDisposable
{
    private readonly ImportTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task ImportAsync_StoresLinesAndPayouts_WhenGenericReport()
    {
        var (dataSource, runId) = await SetUpAsync();

        var outcome = await ImportAsync(dataSource, runId, ProviderProfile.Generic, Copy("providers", "generic", "generic-2026-11-27.csv"));

        outcome.Status.Should().Be(InboxFileStatus.Imported, outcome.Summary);
        outcome.Summary.Should().Contain("4 neue Zeile(n)").And.Contain("brutto 1334.56");
        await using var connection = await dataSource.OpenConnectionAsync();
        var queries = new ProviderQueries(connection);
        var payout = (await queries.ByPayoutIdAsync("PO-20261127-01", null, CancellationToken.None)).Should().ContainSingle().Subject;
        payout.Should().BeEquivalentTo(new
        {
            Profile = "generic",
            AnnouncedAmount = (decimal?)null,
            LineCount = 3L,
            LinesGross = 1319.56m,
            LinesFee = 13.70m,
            LinesNet = 1305.86m,
            ExpectedBankAmount = 1305.86m,
            LastPaymentDate = (DateOnly?)new DateOnly(2026, 11, 27),
        });
        (await queries.LinesOfPayoutAsync("generic", "PO-20261127-01", CancellationToken.None)).Select(l => l.Reference)
            .Should().Equal("3000000000114", "3000000000122", "Bestellung 4711");
        (await queries.ReportsAwaitingPayoutAsync(new DateOnly(2026, 11, 28), CancellationToken.None)).Select(p => p.PayoutId)
            .Should().Equal(["PO-20261127-01"], "the payout of the 28th is not overdue yet");
        (await queries.AwaitingWithAmountAsync(14.70m, new DateOnly(2026, 11, 28), new DateOnly(2026, 12, 2), CancellationToken.None))
            .Should().ContainSingle().Which.PayoutId.Should().Be("PO-20261128-01");
    }

    [Fact]
    public async Task ImportAsync_AssignsRowsToTheFollowingWithdrawal_WhenPayPalReport()
    {
        var (dataSource, runId) = await SetUpAsync();

        var outcome = await ImportAsync(dataSource, runId, ProviderProfile.PayPal, Copy("providers", "paypal", "paypal-activity-2026-11-27.csv"));

        outcome.Status.Should().Be(InboxFileStatus.Imported, outcome.Summary);
        await using var connection = await dataSource.OpenConnectionAsync();
        var payout = (await new ProviderQueries(connection).ByPayoutIdAsync("6FG78901HJ234567K", "paypal", CancellationToken.None)).Single();
        payout.Should().BeEquivalentTo(new
        {
            AnnouncedAmount = (decimal?)1256.30m,
            AnnouncedOn = (DateOnly?)new DateOnly(2026, 11, 27),
            LineCount = 3L,
            LinesGross = 1275.00m,
            LinesFee = 18.70m,
            LinesNet = 1256.30m,
            LinesMatchAnnouncement = true,
        });
    }

    [Fact]
    public async Task ImportAsync_AddsNothing_WhenOverlappingReportRepeatsKnownRows()
    {
        var (dataSource, runId) = await SetUpAsync();
        await ImportAsync(dataSource, runId, ProviderProfile.Generic, Copy("providers", "generic", "generic-2026-11-27.csv"));
        var overlapping = Write("generic-2026-11-28.csv",
            File.ReadAllText(ImportTestBed.Fixture("providers", "generic", "generic-2026-11-27.csv")) + "EPB-2026-000105;3000000000114;5,00;0,10;4,90;EUR;28.11.2026;PO-20261128-01;bezahlt\n");

        var outcome = await ImportAsync(dataSource, runId, ProviderProfile.Generic, overlapping);

        outcome.Status.Should().Be(InboxFileStatus.Imported, outcome.Summary);
        outcome.Summary.Should().Contain("1 neue Zeile(n)").And.Contain("4 schon bekannt");
        await using var connection = await dataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.provider_line")).Should().Be(5);
    }

    [Fact]
    public async Task ImportAsync_QuarantinesNamingBothVersions_WhenKnownTransactionChanged()
    {
        var (dataSource, runId) = await SetUpAsync();
        await ImportAsync(dataSource, runId, ProviderProfile.Generic, Copy("providers", "generic", "generic-2026-11-27.csv"));

        var outcome = await ImportAsync(dataSource, runId, ProviderProfile.Generic, Copy("providers", "bad", "generic-conflicting-redelivery.csv"));

        outcome.Status.Should().Be(InboxFileStatus.Quarantined);
        var problem = outcome.Problems.Should().ContainSingle().Subject;
        problem.Location.Should().Be("line 2, column TransaktionsId");
        problem.Message.Should().Contain("'generic-2026-11-27.csv' Zeile 2").And.Contain("brutto 25.00").And.Contain("brutto 26.00");
        File.ReadAllText(_bed.Folder.Combine("quarantine", "generic-conflicting-redelivery.csv.error.txt")).Should().Contain("EPB-2026-000101");
    }

    [Fact]
    public async Task ImportAsync_QuarantinesAndStoresNothing_WhenGrossMinusFeeIsNotNet()
    {
        var (dataSource, runId) = await SetUpAsync();

        var outcome = await ImportAsync(dataSource, runId, ProviderProfile.Generic, Copy("providers", "bad", "generic-net-mismatch.csv"));

        outcome.Status.Should().Be(InboxFileStatus.Quarantined);
        outcome.Problems.Single().Location.Should().Be("line 3, column Netto");
        await using var connection = await dataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.provider_line")).Should().Be(0, "the valid first line is rolled back with the file");
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.provider_payout")).Should().Be(0);
    }

    private Task<(NpgsqlDataSource DataSource, long RunId)> SetUpAsync() => _bed.SetUpAsync();

    private Task<InboxFileOutcome> ImportAsync(NpgsqlDataSource dataSource, long runId, ProviderProfile profile, string file) =>
        _bed.ImportAsync(dataSource, runId, "provider", file, new ProviderReportImporter(profile).ImportAsync);

    private string Copy(params string[] fixture) => _bed.Copy(fixture);

    private string Write(string name, string content) => _bed.Write(name, content);
}
