using System.Text;
using Dapper;
using Npgsql;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests.Reconciliation;

/// <summary>The nightly run end to end on the demo data, through the real program and a real database.</summary>
public sealed class NightlyRunTests
{
    [Fact]
    public async Task Two_demo_days_produce_the_golden_booking_files_and_hold_the_control_sum()
    {
        using var demo = await DemoRun.CreateAsync();

        demo.LayInbox(DemoRun.Days[0]);
        var day1 = await demo.RunAsync(DemoRun.Days[0]);
        demo.LayInbox(DemoRun.Days[1]);
        var day2 = await demo.RunAsync(DemoRun.Days[1]);

        day1.ExitCode.Should().Be(0, day1.Output + day1.Error);
        day2.ExitCode.Should().Be(2, "the Nachtrag file with a wrong check digit in line 7 is quarantined: " + day2.Output + day2.Error);
        File.ReadAllText(Path.Combine(demo.Quarantine, "soll_20261126_nachtrag.csv.error.txt")).Should().Contain("line 7, column Kassenzeichen");

        var expected = Repository.Path("fixtures", "bookings-expected");
        var files = demo.BookingFiles();
        files.Keys.Should().Equal("BUCHUNGEN_20261126_0001.csv", "BUCHUNGEN_20261127_0001.csv");
        foreach (var (name, bytes) in files)
        {
            Encoding.UTF8.GetString(bytes).Should().Be(File.ReadAllText(Path.Combine(expected, name)), name);
        }

        foreach (var day in DemoRun.Days)
        {
            var report = demo.LatestReport(day);
            report["controlSumHolds"]!.GetValue<bool>().Should().BeTrue(day);
        }

        await using var connection = new NpgsqlConnection(demo.ConnectionString);
        // Every booked camt.053 entry ended in exactly one outcome, and its lines add up.
        var unbalanced = await connection.ExecuteScalarAsync<long>(
            """
            SELECT count(*) FROM recon.entry e
            WHERE e.message_type = 53 AND e.status = 'BOOK'
              AND NOT EXISTS (SELECT 1 FROM recon.decision d WHERE d.entry_id = e.id AND d.outcome = 'OutOfScope')
              AND e.amount <> coalesce((SELECT sum(betrag) FROM recon.booking b WHERE b.entry_id = e.id), 0)
            """);
        unbalanced.Should().Be(0);
        // The intraday report is stored, never booked.
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.booking b JOIN recon.entry e ON e.id = b.entry_id WHERE e.message_type <> 53")).Should().Be(0);
        // No Soll position was booked beyond what it asked for.
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.soll WHERE betrag > 0 AND (open_amount < 0 OR open_amount > betrag)")).Should().Be(0);
    }

    [Fact]
    public async Task Running_a_day_again_books_nothing_twice()
    {
        using var demo = await DemoRun.CreateAsync();
        demo.LayInbox(DemoRun.Days[0]);
        (await demo.RunAsync(DemoRun.Days[0])).ExitCode.Should().Be(0);
        var first = demo.BookingFiles();

        demo.LayInbox(DemoRun.Days[0]);
        var again = await demo.RunAsync(DemoRun.Days[0]);

        again.ExitCode.Should().Be(0, again.Error);
        again.Output.Should().Contain("Keine neue Buchungsdatei");
        demo.BookingFiles().Should().BeEquivalentTo(first);
    }

    [Fact]
    public async Task Export_resend_repeats_a_file_byte_for_byte()
    {
        using var demo = await DemoRun.CreateAsync();
        demo.LayInbox(DemoRun.Days[0]);
        (await demo.RunAsync(DemoRun.Days[0])).ExitCode.Should().Be(0);
        var csv = Path.Combine(demo.Outbox, "BUCHUNGEN_20261126_0001.csv");
        var json = Path.ChangeExtension(csv, ".json");
        var original = (File.ReadAllBytes(csv), File.ReadAllBytes(json));
        File.Delete(csv);
        File.Delete(json);

        var resend = await ProgramRunner.RunAsync(Path.GetDirectoryName(demo.Outbox)!, new Dictionary<string, string?> { ["PAYMENTRECON_DB"] = demo.ConnectionString }, "export", "resend", "BUCHUNGEN_20261126_0001.csv");

        resend.ExitCode.Should().Be(0, resend.Error);
        File.ReadAllBytes(csv).Should().Equal(original.Item1);
        File.ReadAllBytes(json).Should().Equal(original.Item2);
    }
}
