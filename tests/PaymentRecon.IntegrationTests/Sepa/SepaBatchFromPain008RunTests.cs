using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests.Sepa;

/// <summary>
/// Batch credits of own direct debits for which the bank sends no details (no TxDtls, no camt.054),
/// through the real <c>paymentrecon run</c>: booked per collection from the submitted pain.008 when
/// PmtInfId, sum and count fit (rejected collections left out), held as Verwahrgeld with the reason
/// when they do not, released when the pain.008 (or its pain.002) comes later, and never booked a
/// second time when the camt.054 arrives after all.
/// </summary>
public sealed class SepaBatchFromPain008RunTests
{
    private static readonly (string, decimal, string?, string)[] BookedFromPain008 =
    [
        ("IST", 210.50m, "1008454561158", "LASTSCHRIFT-PAIN008"),
        ("IST", 200.00m, "2000000000020", "LASTSCHRIFT-PAIN008"),
    ];

    private static readonly (string, decimal, string?, string)[] ReleasedFromPain008 =
    [
        ("VWG", -410.50m, null, "LASTSCHRIFT-PAIN008"),
        .. BookedFromPain008,
    ];

    [Fact]
    public async Task Batch_without_details_is_booked_per_collection_and_its_late_camt054_books_nothing_again()
    {
        using var run = await RunFolder.CreateAsync();

        run.Lay(["sepa", "run", "soll-kita.csv"], "receivables");
        run.Lay(["sepa", "pain.008.001.02-kita-2026-12.xml"], "sepa");
        run.Lay(["sepa", "pain.002.001.03-kita-rejected-transaction.xml"], "sepa");
        run.Lay(["camt", "053_08_sepa_batch_without_details.xml"], "statements");
        var day1 = await run.RunAsync("2026-12-02");
        day1.ExitCode.Should().Be(0, day1.Output + day1.Error);

        (await run.LinesOfRunAsync(1)).Should().BeEquivalentTo(BookedFromPain008, "the collection rejected by the pain.002 (200.00 on 2000000000011) is not in the credit");
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.booking WHERE kassenzeichen = '2000000000011'")).Should().Be(0);
        (await run.ScalarAsync<decimal>("SELECT open_amount FROM recon.soll WHERE kassenzeichen = '1008454561158'")).Should().Be(0m);
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.klaerfall")).Should().Be(0);
        (await run.UnbalancedEntriesAsync()).Should().Be(0);
        (await run.ScalarAsync<string>("SELECT array_to_string(reasons, ' ') FROM recon.decision WHERE rule = 'LASTSCHRIFT-PAIN008' AND receipt_id & 1048575 = 0"))
            .Should().Contain("keine Einzelposten geliefert").And.Contain("pain.008.001.02-kita-2026-12.xml").And.Contain("2 Lastschriften über 410,50 EUR");
        (await run.ScalarAsync<string>("SELECT array_to_string(reasons, ' ') FROM recon.decision WHERE receipt_id & 1048575 > 524288 ORDER BY receipt_id LIMIT 1"))
            .Should().Contain("KITA-2026-12-0001").And.Contain("aus der Lastschriftdatei pain.008.001.02-kita-2026-12.xml");
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.booking WHERE end_to_end_id IN ('KITA-2026-12-0001', 'KITA-2026-12-0003') AND mandate_id IS NOT NULL"))
            .Should().Be(2, "a later return finds the collection by EndToEndId or mandate");
        var report1 = run.Report("2026-12-02");
        report1["controlSumHolds"]!.GetValue<bool>().Should().BeTrue();
        report1["pendingBatches"]!.AsArray().Should().BeEmpty("the batch is booked, it does not wait for a camt.054");

        // The camt.054 arrives after all: its items are the same collections and book nothing.
        run.Lay(["camt", "054_08_sepa_batch_details.xml"], "statements");
        var day2 = await run.RunAsync("2026-12-03");
        day2.ExitCode.Should().Be(0, day2.Output + day2.Error);
        day2.Output.Should().Contain("Keine neue Buchungsdatei");
        (await run.LinesOfRunAsync(2)).Should().BeEmpty();
        (await run.ScalarAsync<string>("SELECT string_agg(rule, ',' ORDER BY receipt_id) FROM recon.decision WHERE run_id = 2"))
            .Should().Be("LASTSCHRIFT-PAIN008-BESTAETIGT,LASTSCHRIFT-PAIN008-BESTAETIGT");
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.booking")).Should().Be(2);
        (await run.UnbalancedEntriesAsync()).Should().Be(0);
        var report2 = run.Report("2026-12-03");
        report2["controlSumHolds"]!.GetValue<bool>().Should().BeTrue();
        report2["sequenceAlerts"]!.AsArray().Should().BeEmpty();

        // The same camt.054 again, and a rerun: nothing new.
        run.Lay(["camt", "054_08_sepa_batch_details.xml"], "statements");
        var again = await run.RunAsync("2026-12-03");
        again.ExitCode.Should().Be(0, again.Output + again.Error);
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.booking")).Should().Be(2);
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.decision")).Should().Be(5);

        // A return of a collection booked this way finds it (EndToEndId; mandate only) and reopens the Soll.
        run.Lay(["camt", "053_08_sepa_returns.xml"], "statements");
        var day3 = await run.RunAsync("2026-12-07");
        day3.ExitCode.Should().Be(0, day3.Output + day3.Error);
        (await run.LinesOfRunAsync(4)).Should().BeEquivalentTo(new (string, decimal, string?, string)[]
        {
            ("IST", -200.00m, "2000000000020", "RUECKLASTSCHRIFT"),
            ("GEB", -3.50m, null, "GEBUEHR-RUECKGABE"),
            ("IST", -210.50m, "1008454561158", "RUECKLASTSCHRIFT"),
        });
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.direct_debit_return WHERE status = 'offen'")).Should().Be(2);
        (await run.UnbalancedEntriesAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Held_batch_is_released_when_its_pain008_comes_and_a_differing_camt054_is_reported_not_booked()
    {
        using var run = await RunFolder.CreateAsync();

        run.Lay(["sepa", "run", "soll-kita.csv"], "receivables");
        run.Lay(["camt", "053_08_sepa_batch_without_details.xml"], "statements");
        var day1 = await run.RunAsync("2026-12-02");
        day1.ExitCode.Should().Be(0, day1.Output + day1.Error);
        (await run.LinesOfRunAsync(1)).Should().BeEquivalentTo(new (string, decimal, string?, string)[] { ("VWG", 410.50m, null, "SAMMLER-OFFEN") });

        run.Lay(["sepa", "pain.008.001.02-kita-2026-12.xml"], "sepa");
        run.Lay(["sepa", "pain.002.001.03-kita-rejected-transaction.xml"], "sepa");
        var day2 = await run.RunAsync("2026-12-03");
        day2.ExitCode.Should().Be(0, day2.Output + day2.Error);
        (await run.LinesOfRunAsync(2)).Should().BeEquivalentTo(ReleasedFromPain008);
        (await run.ScalarAsync<string>("SELECT status FROM recon.klaerfall WHERE rule = 'SAMMLER-OFFEN'")).Should().NotBe("offen");
        (await run.ScalarAsync<string>("SELECT kind FROM recon.decision WHERE rule = 'LASTSCHRIFT-PAIN008' AND receipt_id & 1048575 = 0")).Should().Be("replaced");
        (await run.UnbalancedEntriesAsync()).Should().Be(0);
        var report2 = run.Report("2026-12-03");
        report2["controlSumHolds"]!.GetValue<bool>().Should().BeTrue();
        report2["pendingBatches"]!.AsArray().Should().BeEmpty();

        // A camt.054 whose second item is not in the pain.008: reported, nothing booked.
        run.Lay(["camt", "054_08_sepa_batch_details_differing.xml"], "statements");
        var day3 = await run.RunAsync("2026-12-04");
        day3.ExitCode.Should().Be(0, day3.Output + day3.Error);
        (await run.LinesOfRunAsync(3)).Should().BeEmpty();
        (await run.ScalarAsync<string>("SELECT string_agg(rule, ',' ORDER BY receipt_id) FROM recon.decision WHERE run_id = 3"))
            .Should().Be("LASTSCHRIFT-PAIN008-BESTAETIGT,LASTSCHRIFT-PAIN008-ABWEICHUNG");
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.booking")).Should().Be(4);
        (await run.UnbalancedEntriesAsync()).Should().Be(0);
        var report3 = run.Report("2026-12-04");
        report3["controlSumHolds"]!.GetValue<bool>().Should().BeTrue();
        var alert = report3["sequenceAlerts"]!.AsArray().Should().ContainSingle().Subject!.GetValue<string>();
        alert.Should().Contain("KITA-2026-12-0099").And.Contain("steht nicht in der Lastschriftdatei pain.008.001.02-kita-2026-12.xml")
            .And.Contain("Nicht bestätigt: KITA-2026-12-0003").And.Contain("Nichts wurde ein zweites Mal gebucht");
        run.ReportHtml("2026-12-04").Should().Contain("KITA-2026-12-0099");
    }

    [Fact]
    public async Task Batch_that_does_not_fit_its_pain008_stays_held_with_the_reason_until_the_rejection_comes()
    {
        using var run = await RunFolder.CreateAsync();

        // Without the pain.002 the block expects all three collections (610.50), the bank credited two.
        run.Lay(["sepa", "run", "soll-kita.csv"], "receivables");
        run.Lay(["sepa", "pain.008.001.02-kita-2026-12.xml"], "sepa");
        run.Lay(["camt", "053_08_sepa_batch_without_details.xml"], "statements");
        var day1 = await run.RunAsync("2026-12-02");
        day1.ExitCode.Should().Be(0, day1.Output + day1.Error);
        (await run.LinesOfRunAsync(1)).Should().BeEquivalentTo(new (string, decimal, string?, string)[] { ("VWG", 410.50m, null, "SAMMLER-OFFEN") });
        (await run.ScalarAsync<string>("SELECT array_to_string(reasons, ' ') FROM recon.klaerfall WHERE rule = 'SAMMLER-OFFEN' AND status = 'offen'"))
            .Should().Contain("Die Sammellastschrift KITA-2026-12-RCUR aus pain.008.001.02-kita-2026-12.xml (pain.008 LK-KITA-2026-12-001) passt nicht, Summe und Anzahl passen nicht: erwartet 610,50 EUR in 3 Lastschriften; gutgeschrieben 410,50 EUR, laut Bank 2 Lastschriften.");
        run.Report("2026-12-02")["pendingBatches"]!.AsArray().Should().ContainSingle();

        var rerun = await run.RunAsync("2026-12-02");
        rerun.ExitCode.Should().Be(0, rerun.Output + rerun.Error);
        rerun.Output.Should().Contain("Keine neue Buchungsdatei");
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.booking")).Should().Be(1);

        // The rejection of KITA-2026-12-0002 arrives: now the block fits, the held total is released.
        run.Lay(["sepa", "pain.002.001.03-kita-rejected-transaction.xml"], "sepa");
        var day2 = await run.RunAsync("2026-12-03");
        day2.ExitCode.Should().Be(0, day2.Output + day2.Error);
        (await run.LinesOfRunAsync(3)).Should().BeEquivalentTo(ReleasedFromPain008);
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.klaerfall WHERE status = 'offen'")).Should().Be(0);
        (await run.UnbalancedEntriesAsync()).Should().Be(0);
        run.Report("2026-12-03")["controlSumHolds"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task Batch_naming_its_PmtInfId_only_in_the_text_is_booked_from_the_pain008_and_its_Klaerfaelle_are_retried_and_assigned()
    {
        using var run = await RunFolder.CreateAsync(new Dictionary<string, string?>
        {
            ["PAYMENTRECON__PaymentRecon__Klaerfaelle__FourEyes"] = "AboveAmount",
            ["PAYMENTRECON__PaymentRecon__Klaerfaelle__FourEyesThreshold"] = "1000",
            ["PAYMENTRECON__PaymentRecon__Service__Users__0__Name"] = "anna",
            ["PAYMENTRECON__PaymentRecon__Service__Users__0__PasswordHash"] = "not-used-on-the-command-line",
            ["PAYMENTRECON__PaymentRecon__Service__Users__0__Roles__0"] = "clerk",
        });

        // The Soll of the FRST collections are not there yet: each collection becomes a Klärfall of its own.
        run.Lay(["sepa", "run", "soll-kita.csv"], "receivables");
        run.Lay(["sepa", "pain.008.001.02-kita-2026-12.xml"], "sepa");
        run.Lay(["camt", "053_08_sepa_batch_pmtinfid_in_text.xml"], "statements");
        var day1 = await run.RunAsync("2026-12-02");
        day1.ExitCode.Should().Be(0, day1.Output + day1.Error);
        (await run.LinesOfRunAsync(1)).Should().BeEquivalentTo(new (string, decimal, string?, string)[]
        {
            ("VWG", 205.00m, null, "KZ-UNBEKANNT"),
            ("VWG", 200.00m, null, "KZ-UNBEKANNT"),
        });
        (await run.UnbalancedEntriesAsync()).Should().Be(0);
        // The worklist shows the collection, not the whole batch.
        (await run.ScalarAsync<string>("SELECT i.amount || ' ' || i.payer_name FROM recon.klaerfall_info i ORDER BY i.amount DESC LIMIT 1")).Should().Be("205.00 Olaf Weber");
        (await run.ScalarAsync<string>("SELECT array_to_string(reasons, ' ') FROM recon.klaerfall ORDER BY betrag DESC LIMIT 1"))
            .Should().Contain("Eigene Lastschrift KITA-2026-12-0004").And.Contain("keine Einzelposten geliefert");

        // The clerk assigns the second collection by hand (the Kita office says it belongs to 2000000000011).
        var second = await run.ScalarAsync<long>("SELECT id FROM recon.klaerfall WHERE betrag = 200.00");
        var assign = await run.CommandAsync("klaerfaelle", "assign", second.ToString(System.Globalization.CultureInfo.InvariantCulture), "--kassenzeichen", "2000000000011", "--user", "anna");
        assign.ExitCode.Should().Be(0, assign.Output + assign.Error);
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.booking WHERE satzart = 'IST' AND kassenzeichen = '2000000000011' AND end_to_end_id = 'KZ2000000000046-1226'")).Should().Be(1);

        // The Soll of the first arrives: the retry books it, keeping the EndToEndId for a later return.
        run.Lay(["sepa", "run", "soll-kita-frst.csv"], "receivables");
        var day2 = await run.RunAsync("2026-12-03");
        day2.ExitCode.Should().Be(0, day2.Output + day2.Error);
        var lines = await run.LinesOfRunAsync(2);
        lines.Should().HaveCount(2);
        lines.Should().ContainEquivalentOf(("VWG", -205.00m, (string?)null, "KZ-NACHTRAG"));
        lines.Should().ContainSingle(l => l.Satzart == "IST" && l.Betrag == 205.00m && l.Kassenzeichen == "2000000000038");
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.booking WHERE satzart = 'IST' AND end_to_end_id = 'KITA-2026-12-0004' AND mandate_id = 'KITA-M-0004'")).Should().Be(1);
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.klaerfall WHERE status = 'offen'")).Should().Be(0);
        (await run.UnbalancedEntriesAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Single_direct_debit_credit_naming_a_PmtInfId_in_AddtlNtryInf_is_booked_from_the_pain008()
    {
        using var run = await RunFolder.CreateAsync();

        // No Btch, no TxDtls: the bank booked the batch as one entry and names it only in AddtlNtryInf.
        run.Lay(["sepa", "run", "soll-kita-frst.csv"], "receivables");
        run.Lay(["sepa", "pain.008.001.02-kita-2026-12.xml"], "sepa");
        run.Lay(["camt", "053_08_sepa_single_credit_pmtinfid_in_text.xml"], "statements");
        var day1 = await run.RunAsync("2026-12-02");
        day1.ExitCode.Should().Be(0, day1.Output + day1.Error);
        (await run.LinesOfRunAsync(1)).Should().BeEquivalentTo(new (string, decimal, string?, string)[]
        {
            ("IST", 205.00m, "2000000000038", "LASTSCHRIFT-PAIN008"),
            ("IST", 200.00m, "2000000000046", "LASTSCHRIFT-PAIN008"),
        });
        (await run.UnbalancedEntriesAsync()).Should().Be(0);
        run.Report("2026-12-02")["controlSumHolds"]!.GetValue<bool>().Should().BeTrue();

        var again = await run.RunAsync("2026-12-02");
        again.ExitCode.Should().Be(0, again.Output + again.Error);
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.booking")).Should().Be(2);
    }

    [Fact]
    public async Task Batch_whose_camt054_came_first_is_not_booked_again_when_the_pain008_comes()
    {
        using var run = await RunFolder.CreateAsync();

        run.Lay(["sepa", "run", "soll-kita.csv"], "receivables");
        run.Lay(["camt", "053_08_sepa_batch_without_details.xml"], "statements");
        run.Lay(["camt", "054_08_sepa_batch_details.xml"], "statements");
        var day1 = await run.RunAsync("2026-12-02");
        day1.ExitCode.Should().Be(0, day1.Output + day1.Error);
        var first = await run.LinesOfRunAsync(1);
        first.Sum(l => l.Betrag).Should().Be(410.50m);
        first.Should().NotContain(l => l.Regel.StartsWith("LASTSCHRIFT-PAIN008", StringComparison.Ordinal));

        run.Lay(["sepa", "pain.008.001.02-kita-2026-12.xml"], "sepa");
        run.Lay(["sepa", "pain.002.001.03-kita-rejected-transaction.xml"], "sepa");
        var day2 = await run.RunAsync("2026-12-03");
        day2.ExitCode.Should().Be(0, day2.Output + day2.Error);
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.booking WHERE regel LIKE 'LASTSCHRIFT-PAIN008%'")).Should().Be(0);
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.sepa_batch_item_receipt")).Should().Be(0);
        (await run.ScalarAsync<decimal>("SELECT sum(betrag) FROM recon.booking")).Should().Be(410.50m);
        (await run.UnbalancedEntriesAsync()).Should().Be(0);
    }
}
