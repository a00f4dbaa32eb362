using Dapper;
using Npgsql;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests.Sepa;

public sealed class ProvidersAndSepaRunTests
{
    [Fact]
    public async Task Run_ImportsProviderReportsAndSepaFiles_AndExits2ForTheBadOnes()
    {
        using var folder = new TempFolder();
        Place(folder, ["providers", "paypal", "paypal-activity-2026-11-27.csv"], "inbox", "providers", "paypal");
        Place(folder, ["providers", "generic", "generic-2026-11-27.csv"], "inbox", "providers", "generic");
        Place(folder, ["providers", "bad", "generic-net-mismatch.csv"], "inbox", "providers", "generic");
        Place(folder, ["providers", "girocheckout", "giro-2026-11-27.csv"], "inbox", "providers", "girocheckout");
        Place(folder, ["sepa", "pain.008.001.02-kita-2026-12.xml"], "inbox", "sepa");
        Place(folder, ["sepa", "pain.002.001.03-kita-rejected-transaction.xml"], "inbox", "sepa");
        Place(folder, ["sepa", "bad", "pain.008-ctrlsum-mismatch.xml"], "inbox", "sepa");
        var connectionString = await TestDatabase.CreateAsync();
        var environment = new Dictionary<string, string?>
        {
            ["PAYMENTRECON_DB"] = connectionString,
            // The GiroCheckout-style profile from the README, configured through the environment.
            ["PAYMENTRECON__PaymentRecon__Providers__Profiles__girocheckout__AmountUnit"] = "Cents",
            ["PAYMENTRECON__PaymentRecon__Providers__Profiles__girocheckout__SignHandling"] = "SignColumn",
            ["PAYMENTRECON__PaymentRecon__Providers__Profiles__girocheckout__Columns__TransactionId"] = "gcReference",
            ["PAYMENTRECON__PaymentRecon__Providers__Profiles__girocheckout__Columns__Reference"] = "Kassenzeichen",
            ["PAYMENTRECON__PaymentRecon__Providers__Profiles__girocheckout__Columns__Gross"] = "Betrag",
            ["PAYMENTRECON__PaymentRecon__Providers__Profiles__girocheckout__Columns__Fee"] = "",
            ["PAYMENTRECON__PaymentRecon__Providers__Profiles__girocheckout__Columns__Net"] = "",
            ["PAYMENTRECON__PaymentRecon__Providers__Profiles__girocheckout__Columns__Status"] = "",
            ["PAYMENTRECON__PaymentRecon__Providers__Profiles__girocheckout__Columns__PayoutId"] = "Auszahlung",
            ["PAYMENTRECON__PaymentRecon__Providers__Profiles__girocheckout__Columns__Sign"] = "SH",
        };

        var result = await ProgramRunner.RunAsync(folder.Path, environment, "run", "--date", "2026-11-28");

        result.ExitCode.Should().Be(2, result.Output + result.Error);
        File.Exists(folder.Combine("quarantine", "generic-net-mismatch.csv.error.txt")).Should().BeTrue();
        File.ReadAllText(folder.Combine("quarantine", "pain.008-ctrlsum-mismatch.xml.error.txt")).Should().Contain("PmtInf[2]/CtrlSum (line 64)");
        foreach (var taken in new[] { "paypal-activity-2026-11-27.csv", "generic-2026-11-27.csv", "giro-2026-11-27.csv", "pain.008.001.02-kita-2026-12.xml", "pain.002.001.03-kita-rejected-transaction.xml" })
        {
            File.Exists(folder.Combine("archive", "2026-11-28", taken)).Should().BeTrue(taken);
        }

        await using var connection = new NpgsqlConnection(connectionString);
        (await connection.QueryAsync<(string, long)>("SELECT profile, count(*) FROM recon.provider_line GROUP BY profile ORDER BY profile"))
            .Should().Equal(("generic", 4L), ("girocheckout", 4L), ("paypal", 4L));
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.sepa_collection")).Should().Be(5);
        (await connection.QuerySingleAsync<string>("SELECT status FROM recon.run")).Should().Be("succeeded_with_rejections");

        var again = await ProgramRunner.RunAsync(folder.Path, environment, "run", "--date", "2026-11-28");
        again.ExitCode.Should().Be(0, "the inbox is empty now: " + again.Error);
    }

    private static void Place(TempFolder folder, string[] fixture, params string[] target)
    {
        var directory = folder.Combine(target);
        Directory.CreateDirectory(directory);
        File.Copy(ImportTestBed.Fixture(fixture), Path.Combine(directory, fixture[^1]));
    }
}
