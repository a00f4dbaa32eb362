using Npgsql;
using PaymentRecon.Booking;
using PaymentRecon.Data.Reconciliation;

namespace PaymentRecon.IntegrationTests.Reconciliation;

/// <summary>
/// A night without returns reads only the earlier booking lines the suggestions use: exactly those
/// of every line ever written that the suggestions could use, after real runs of the demo days.
/// </summary>
public sealed class PayerBookingsTests
{
    [Fact]
    public async Task Are_every_positive_ist_line_with_a_payer_iban_on_a_kassenzeichen_still_open()
    {
        using var demo = await DemoRun.AfterBothDaysAsync();
        await using var connection = new NpgsqlConnection(demo.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var store = new ReconciliationStore(connection, transaction);
        var open = (await store.SollAsync(CancellationToken.None)).Where(s => s.OpenAmount.Amount > 0m).Select(s => s.Kassenzeichen).ToHashSet(StringComparer.Ordinal);
        var all = await store.PriorBookingsAsync(CancellationToken.None);

        var payers = await store.PayerBookingsAsync(CancellationToken.None);

        var used = all.Where(b => b.Satzart == Satzart.Ist && b.Amount.Amount > 0m && b.PayerIban is not null && b.Kassenzeichen is not null && open.Contains(b.Kassenzeichen)).ToList();
        used.Should().NotBeEmpty("the demo days leave Kassenzeichen partly paid by payers with an IBAN");
        payers.Should().BeEquivalentTo(used, o => o.WithStrictOrdering());
        payers.Count.Should().BeLessThan(all.Count);
    }
}
