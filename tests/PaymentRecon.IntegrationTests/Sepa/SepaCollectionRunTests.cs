using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests.Sepa;

/// <summary>
/// Own direct debits through the real <c>paymentrecon run</c>: the batch credit matched by PmtInfId
/// and EndToEndId to the pain.008, a pain.002 rejection listed and not booked, returns (by EndToEndId
/// with charges, and by mandate only) undone, charged and flagged for a reminder or a new collection.
/// </summary>
public sealed class SepaCollectionRunTests
{
    [Fact]
    public async Task Collections_rejections_and_returns_of_own_direct_debits()
    {
        using var run = await RunFolder.CreateAsync();

        // Day 1: the submitted pain.008, the pain.002 rejecting KITA-2026-12-0002, and the batch credit of the other two.
        run.Lay(["sepa", "run", "soll-kita.csv"], "receivables");
        run.Lay(["sepa", "pain.008.001.02-kita-2026-12.xml"], "sepa");
        run.Lay(["sepa", "pain.002.001.03-kita-rejected-transaction.xml"], "sepa");
        run.Lay(["camt", "053_08_sepa_collection_batch.xml"], "statements");
        var day1 = await run.RunAsync("2026-12-02");
        day1.ExitCode.Should().Be(0, day1.Output + day1.Error);
        day1.Output.Should().Contain("Lastschrift abgelehnt: 1.");

        (await run.LinesOfRunAsync(1)).Should().BeEquivalentTo(new (string, decimal, string?, string)[]
        {
            ("IST", 210.50m, "1008454561158", "SEPA-LASTSCHRIFT"),
            ("IST", 200.00m, "2000000000020", "SEPA-LASTSCHRIFT"),
        });
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.booking WHERE kassenzeichen = '2000000000011'")).Should().Be(0, "a rejected collection books nothing");
        (await run.ScalarAsync<decimal>("SELECT open_amount FROM recon.soll WHERE kassenzeichen = '2000000000011'")).Should().Be(200.00m);
        var report1 = run.Report("2026-12-02");
        report1["controlSumHolds"]!.GetValue<bool>().Should().BeTrue();
        var rejected = report1["rejectedDirectDebits"]!.AsArray().Should().ContainSingle().Subject!;
        rejected["kassenzeichen"]!.GetValue<string>().Should().Be("2000000000011");
        rejected["endToEndId"]!.GetValue<string>().Should().Be("KITA-2026-12-0002");
        rejected["reasonCode"]!.GetValue<string>().Should().Be("AC04");
        run.ReportHtml("2026-12-02").Should().Contain("Lastschrift abgelehnt").And.Contain("2000000000011");

        // Day 2: two returns: AM04 with EndToEndId and 3.50 charges, MD06 naming only the mandate.
        run.Lay(["camt", "053_08_sepa_returns.xml"], "statements");
        var day2 = await run.RunAsync("2026-12-07");
        day2.ExitCode.Should().Be(0, day2.Output + day2.Error);
        day2.Output.Should().Contain("Rücklastschriften eigener Lastschriften: 2 (Mahnung oder erneuter Einzug).");

        (await run.LinesOfRunAsync(2)).Should().BeEquivalentTo(new (string, decimal, string?, string)[]
        {
            ("IST", -200.00m, "2000000000020", "RUECKLASTSCHRIFT"),
            ("GEB", -3.50m, null, "GEBUEHR-RUECKGABE"),
            ("IST", -210.50m, "1008454561158", "RUECKLASTSCHRIFT"),
        });
        (await run.UnbalancedEntriesAsync()).Should().Be(0);
        (await run.ScalarAsync<decimal>("SELECT open_amount FROM recon.soll WHERE kassenzeichen = '2000000000020'")).Should().Be(200.00m, "the Soll is open again");
        (await run.ScalarAsync<decimal>("SELECT open_amount FROM recon.soll WHERE kassenzeichen = '1008454561158'")).Should().Be(210.50m);
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.direct_debit_return WHERE status = 'offen'")).Should().Be(2);
        (await run.ScalarAsync<decimal>("SELECT charges FROM recon.direct_debit_return WHERE kassenzeichen = '2000000000020'")).Should().Be(3.50m);
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.direct_debit_return WHERE collection_id IS NOT NULL")).Should().Be(2);

        var report2 = run.Report("2026-12-07");
        report2["controlSumHolds"]!.GetValue<bool>().Should().BeTrue();
        var returns = report2["directDebitReturns"]!.AsArray();
        returns.Select(r => r!["kassenzeichen"]!.GetValue<string>()).Should().BeEquivalentTo("2000000000020", "1008454561158");
        returns.Select(r => r!["returnReason"]!.GetValue<string>()).Should().BeEquivalentTo("AM04", "MD06");
        report2["rejectedDirectDebits"]!.AsArray().Should().BeEmpty("the rejection was reported on the day its status report came");
        run.ReportHtml("2026-12-07").Should().Contain("Rücklastschriften: Mahnung oder erneuter Einzug");

        // The same statement again adds nothing.
        run.Lay(["camt", "053_08_sepa_returns.xml"], "statements");
        var again = await run.RunAsync("2026-12-07");
        again.ExitCode.Should().Be(0, again.Output + again.Error);
        again.Output.Should().Contain("Keine neue Buchungsdatei");
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.direct_debit_return")).Should().Be(2);
    }
}
