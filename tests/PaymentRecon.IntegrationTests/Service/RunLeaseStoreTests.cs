using PaymentRecon.Data;
using PaymentRecon.Data.Service;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests.Service;

public sealed class RunLeaseStoreTests
{
    private static readonly DateOnly Date = new(2026, 11, 27);

    [Fact]
    public async Task One_holder_per_date_until_released_or_expired()
    {
        await using var dataSource = Database.CreateDataSource(await TestDatabase.CreateAsync());
        var leases = new RunLeaseStore(dataSource);

        (await leases.TryAcquireAsync(Date, "a", TimeSpan.FromSeconds(2), CancellationToken.None)).Should().BeTrue();
        (await leases.TryAcquireAsync(Date, "b", TimeSpan.FromMinutes(1), CancellationToken.None)).Should().BeFalse("a holds the date");
        (await leases.TryAcquireAsync(Date.AddDays(1), "b", TimeSpan.FromMinutes(1), CancellationToken.None)).Should().BeTrue("another date is free");
        (await leases.TryAcquireAsync(Date, "a", TimeSpan.FromSeconds(2), CancellationToken.None)).Should().BeTrue("the holder may take it again (a retry)");

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        (await leases.RenewAsync(Date, "a", TimeSpan.FromMinutes(1), CancellationToken.None)).Should().BeTrue("nobody took it over yet");
        await leases.ReleaseAsync(Date, "a", CancellationToken.None);
        (await leases.FindAsync(Date, CancellationToken.None)).Should().BeNull();

        (await leases.TryAcquireAsync(Date, "c", TimeSpan.FromSeconds(1), CancellationToken.None)).Should().BeTrue();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        (await leases.TryAcquireAsync(Date, "d", TimeSpan.FromMinutes(1), CancellationToken.None)).Should().BeTrue("c let it expire (crashed)");
        (await leases.RenewAsync(Date, "c", TimeSpan.FromMinutes(1), CancellationToken.None)).Should().BeFalse("c lost it");
        await leases.ReleaseAsync(Date, "c", CancellationToken.None);
        (await leases.FindAsync(Date, CancellationToken.None))!.Holder.Should().Be("d", "a former holder cannot release somebody else's lease");
    }

    [Fact]
    public async Task Concurrent_takers_get_it_once()
    {
        await using var dataSource = Database.CreateDataSource(await TestDatabase.CreateAsync());
        var leases = new RunLeaseStore(dataSource);
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Task.Run(() => leases.TryAcquireAsync(Date, "holder-" + i, TimeSpan.FromMinutes(1), CancellationToken.None))));
        results.Count(taken => taken).Should().Be(1);
    }
}
