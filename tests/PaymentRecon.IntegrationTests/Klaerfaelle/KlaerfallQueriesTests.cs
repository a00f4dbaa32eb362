using PaymentRecon.Data.Klaerfaelle;

namespace PaymentRecon.IntegrationTests.Klaerfaelle;

public sealed class KlaerfallQueriesTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task List_returns_the_open_Klaerfaelle_of_the_run_with_totals_and_suggestions()
    {
        await using var bed = await KlaerfallTestBed.CreateAsync();

        var page = await bed.Queries.ListAsync(new KlaerfallFilter { PageSize = 500 }, None);

        var open = await bed.ScalarAsync<long>("SELECT count(*) FROM recon.klaerfall WHERE status = 'offen'");
        var sum = await bed.ScalarAsync<decimal>("SELECT sum(betrag) FROM recon.klaerfall WHERE status = 'offen'");
        page.TotalCount.Should().Be((int)open).And.BeGreaterThan(10);
        page.TotalAmount.Should().Be(sum);
        page.Rows.Should().HaveCount((int)open);
        (await bed.Queries.OpenCountAsync(None)).Should().Be((int)open);
        var muller = page.Rows.Should().ContainSingle(r => r.Remittance == "KZ 5300000011087").Subject;
        muller.PayerName.Should().Be("Hans-Peter Müller");
        muller.PayerIban.Should().Be("DE26163155736243932822");
        muller.Betrag.Should().Be(66.00m);
        muller.Rule.Should().Be("KZ-PRUEFZIFFER");
        muller.BookingDate.Should().NotBeNull();
        muller.AccountIban.Should().NotBeNullOrEmpty();
        page.Rows.Where(r => r.Rule == "KZ-PRUEFZIFFER").Should().Contain(r => r.Suggestions.Count > 0);
    }
}
