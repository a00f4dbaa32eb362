using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests.Providers;

/// <summary>
/// Provider payouts through the real <c>paymentrecon run</c>: a payout before its report (held as one
/// VWG item, released when the report comes), a payout after its report, fees per line, a monthly fee
/// debit, and a report whose payout never comes.
/// </summary>
public sealed class ProviderPayoutRunTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        // The generic provider's payout ids, so its credit is recognised before the report is there.
        ["PAYMENTRECON__PaymentRecon__Providers__Profiles__generic__PayoutIdPattern"] = @"PO-\d{8}-\d{2}",
        // A provider that pays gross and debits its fees monthly.
        ["PAYMENTRECON__PaymentRecon__Providers__Profiles__giro__PayerNames__0"] = "GiroCheckout",
        ["PAYMENTRECON__PaymentRecon__Providers__Profiles__giro__FeesDebitedMonthly"] = "true",
        ["PAYMENTRECON__PaymentRecon__Providers__PayoutMissingAfterDays"] = "5",
    };

    [Fact]
    public async Task Payouts_before_and_after_their_reports_book_gross_and_fees_and_the_missing_payout_is_reported()
    {
        using var run = await RunFolder.CreateAsync(Settings);

        // Day 1: the report of PO-20261127-01 (and of PO-20261124-01, which never comes) arrives;
        // the bank pays PO-20261128-01, whose report is not there yet.
        run.Lay(["providers", "run", "soll-epaybl.csv"], "receivables");
        run.Lay(["providers", "run", "generic-2026-11-28.csv"], "providers", "generic");
        run.Lay(["camt", "053_08_provider_payout_before_report.xml"], "statements");
        var day1 = await run.RunAsync("2026-11-28");
        day1.ExitCode.Should().Be(0, day1.Output + day1.Error);
        day1.Output.Should().Contain("Auszahlungen ohne Abrechnung (verwahrt): 1.");

        (await run.LinesOfRunAsync(1)).Should().Equal(("VWG", 14.70m, null, "PROVIDER-OFFEN"));
        var report1 = run.Report("2026-11-28");
        report1["controlSumHolds"]!.GetValue<bool>().Should().BeTrue();
        report1["pendingPayouts"]!.AsArray().Should().ContainSingle();
        report1["pendingPayouts"]![0]!["amount"]!.GetValue<decimal>().Should().Be(14.70m);
        report1["missingPayouts"]!.AsArray().Should().BeEmpty("PO-20261124-01 was last paid into on 24.11., less than 5 days ago");
        run.ReportHtml("2026-11-28").Should().Contain("Auszahlungen von Zahlungsdienstleistern ohne Abrechnung");

        // Day 2: the report of PO-20261128-01 arrives, the bank pays PO-20261127-01 and GiroCheckout debits its fees.
        run.Lay(["providers", "run", "generic-2026-12-01.csv"], "providers", "generic");
        run.Lay(["camt", "053_08_provider_payout_after_report.xml"], "statements");
        var day2 = await run.RunAsync("2026-12-01");
        day2.ExitCode.Should().Be(0, day2.Output + day2.Error);
        day2.Output.Should().Contain("Auszahlung nicht eingegangen: generic PO-20261124-01.");

        var lines = await run.LinesOfRunAsync(2);
        lines.Should().BeEquivalentTo(new (string, decimal, string?, string)[]
        {
            // PO-20261128-01: the held amount released, its one line booked gross, its fee as GEB.
            ("VWG", -14.70m, null, "PROVIDER-AUSZAHLUNG"),
            ("GEB", -0.30m, null, "PROVIDER-GEBUEHR"),
            ("IST", 15.00m, "3000000000139", "KZ-EXAKT"),
            // PO-20261127-01: three lines gross, three fees; the order reference is a Klärfall.
            ("GEB", -0.45m, null, "PROVIDER-GEBUEHR"),
            ("GEB", -12.35m, null, "PROVIDER-GEBUEHR"),
            ("GEB", -0.90m, null, "PROVIDER-GEBUEHR"),
            ("IST", 25.00m, "3000000000114", "KZ-EXAKT"),
            ("IST", 1234.56m, "3000000000122", "KZ-EXAKT"),
            ("VWG", 60.00m, null, "KZ-FEHLT"),
            // The monthly fee debit of a gross payer.
            ("GEB", -23.80m, null, "PROVIDER-GEBUEHR-MONAT"),
        });
        (await run.UnbalancedEntriesAsync()).Should().Be(0);
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.provider_payout WHERE linked_entry_id IS NOT NULL")).Should().Be(2);
        (await run.ScalarAsync<decimal>("SELECT open_amount FROM recon.soll WHERE kassenzeichen = '3000000000139'")).Should().Be(0m);
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.klaerfall WHERE status = 'offen' AND rule = 'PROVIDER-OFFEN'")).Should().Be(0);

        var report2 = run.Report("2026-12-01");
        report2["controlSumHolds"]!.GetValue<bool>().Should().BeTrue();
        report2["pendingPayouts"]!.AsArray().Should().BeEmpty();
        var missing = report2["missingPayouts"]!.AsArray().Should().ContainSingle().Subject!;
        missing["payoutId"]!.GetValue<string>().Should().Be("PO-20261124-01");
        missing["expectedAmount"]!.GetValue<decimal>().Should().Be(49.00m);
        missing["daysWaiting"]!.GetValue<int>().Should().Be(7);
        run.ReportHtml("2026-12-01").Should().Contain("Auszahlung nicht eingegangen").And.Contain("PO-20261124-01");
        run.BookingFiles().Should().Equal("BUCHUNGEN_20261128_0001.csv", "BUCHUNGEN_20261201_0001.csv");

        // The same day again (same files re-delivered) adds nothing.
        run.Lay(["providers", "run", "generic-2026-12-01.csv"], "providers", "generic");
        run.Lay(["camt", "053_08_provider_payout_after_report.xml"], "statements");
        var again = await run.RunAsync("2026-12-01");
        again.ExitCode.Should().Be(0, again.Output + again.Error);
        again.Output.Should().Contain("Keine neue Buchungsdatei");
        (await run.LinesOfRunAsync(3)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_PayPal_transfer_without_payout_id_is_linked_by_payer_amount_and_date()
    {
        using var run = await RunFolder.CreateAsync();
        run.Lay(["sepa", "run", "soll-kita.csv"], "receivables");
        run.Lay(["providers", "paypal", "paypal-activity-2026-11-27.csv"], "providers", "paypal");
        run.Lay(["camt", "053_08_provider_paypal_payout.xml"], "statements");

        var result = await run.RunAsync("2026-11-30");

        result.ExitCode.Should().Be(0, result.Output + result.Error);
        (await run.LinesOfRunAsync(1)).Should().BeEquivalentTo(new (string, decimal, string?, string)[]
        {
            ("GEB", -1.20m, null, "PROVIDER-GEBUEHR"),
            ("GEB", -17.85m, null, "PROVIDER-GEBUEHR"),
            // The refund gives its fee back.
            ("GEB", 0.35m, null, "PROVIDER-GEBUEHR"),
            ("IST", 45.00m, "2000000000011", "KZ-TEILZAHLUNG"),
            // "KZ 2000000000020" in Custom Number; 200.00 open, 1,250.00 paid.
            ("IST", 200.00m, "2000000000020", "KZ-UEBERZAHLUNG"),
            ("VWG", 1050.00m, null, "KZ-UEBERZAHLUNG"),
            ("VWG", -20.00m, null, "PROVIDER-ERSTATTUNG"),
        });
        (await run.UnbalancedEntriesAsync()).Should().Be(0);
        (await run.ScalarAsync<string>("SELECT payout_id FROM recon.provider_payout WHERE linked_entry_id IS NOT NULL")).Should().Be("6FG78901HJ234567K");
        run.Report("2026-11-30")["controlSumHolds"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task Issue8_Held_payout_assigned_by_hand_is_not_reported_missing_when_its_report_comes()
    {
        var settings = new Dictionary<string, string?>(Settings)
        {
            ["PAYMENTRECON__PaymentRecon__Klaerfaelle__FourEyes"] = "AboveAmount",
            ["PAYMENTRECON__PaymentRecon__Klaerfaelle__FourEyesThreshold"] = "100",
            ["PAYMENTRECON__PaymentRecon__Service__Users__0__Name"] = "anna",
            ["PAYMENTRECON__PaymentRecon__Service__Users__0__PasswordHash"] = "not-used-on-the-command-line",
            ["PAYMENTRECON__PaymentRecon__Service__Users__0__Roles__0"] = "clerk",
        };
        using var run = await RunFolder.CreateAsync(settings);

        // Day 1: PO-20261128-01 is paid before its report: held. The cash office assigns it by hand.
        run.Lay(["providers", "run", "soll-epaybl.csv"], "receivables");
        run.Lay(["camt", "053_08_provider_payout_before_report.xml"], "statements");
        var day1 = await run.RunAsync("2026-11-28");
        day1.ExitCode.Should().Be(0, day1.Output + day1.Error);
        var klaerfall = await run.ScalarAsync<long>("SELECT id FROM recon.klaerfall WHERE rule = 'PROVIDER-OFFEN'");
        var assign = await run.CommandAsync("klaerfaelle", "assign", klaerfall.ToString(System.Globalization.CultureInfo.InvariantCulture), "--kassenzeichen", "3000000000139", "--user", "anna");
        assign.ExitCode.Should().Be(0, assign.Output + assign.Error);
        (await run.ScalarAsync<string>("SELECT status FROM recon.klaerfall WHERE id = @klaerfall", new { klaerfall })).Should().Be("zugeordnet");

        // Day 2: its report comes. The money is booked already: the report is linked to the credit, nothing is booked again.
        run.Lay(["providers", "run", "generic-2026-12-01.csv"], "providers", "generic");
        var day2 = await run.RunAsync("2026-12-01");
        day2.ExitCode.Should().Be(0, day2.Output + day2.Error);
        (await run.LinesOfRunAsync(2)).Should().BeEmpty();
        (await run.ScalarAsync<long>("SELECT count(*) FROM recon.provider_payout WHERE payout_id = 'PO-20261128-01' AND linked_entry_id IS NOT NULL")).Should().Be(1);
        (await run.UnbalancedEntriesAsync()).Should().Be(0);

        // Long after: it is not reported as "Auszahlung nicht eingegangen".
        var later = await run.RunAsync("2026-12-10");
        later.ExitCode.Should().Be(0, later.Output + later.Error);
        later.Output.Should().NotContain("PO-20261128-01");
        run.Report("2026-12-10")["missingPayouts"]!.AsArray().Select(p => p!["payoutId"]!.GetValue<string>()).Should().NotContain("PO-20261128-01");
    }
}
