using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests.Reconciliation;

/// <summary>
/// A run killed at any moment, followed by a new run, ends exactly as one clean run would have:
/// the same booking files, byte for byte, every line exactly once.
/// </summary>
public sealed class KilledRunTests
{
    public static TheoryData<string, string> FaultPoints => new()
    {
        { "2026-11-26", "statement-transactions-committed" },
        { "2026-11-26", "inbox-committed" },
        { "2026-11-26", "after-statements" },
        { "2026-11-26", "after-reconcile" },
        { "2026-11-26", "export-prepared" },
        { "2026-11-26", "export-csv-written" },
        { "2026-11-26", "export-files-written" },
        { "2026-11-27", "after-reconcile" },
        { "2026-11-27", "export-csv-written" },
    };

    [Theory]
    [MemberData(nameof(FaultPoints))]
    public async Task A_run_that_dies_at_a_fault_point_and_is_repeated_ends_like_a_clean_run(string day, string faultPoint)
    {
        using var demo = await DemoRun.CreateAsync();
        foreach (var each in DemoRun.Days)
        {
            demo.LayInbox(each);
            if (each == day)
            {
                var crashed = await demo.RunAsync(each, faultPoint);
                crashed.ExitCode.Should().NotBe(0, $"the process dies at {faultPoint}");
                crashed.Error.Should().Contain(faultPoint);
            }

            var result = await demo.RunAsync(each);
            result.ExitCode.Should().BeOneOf([0, 2], result.Output + result.Error);
        }

        AssertLikeTheGoldenRun(demo);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(1200)]
    [InlineData(2500)]
    public async Task A_run_killed_with_sigkill_and_repeated_ends_like_a_clean_run(int afterMilliseconds)
    {
        using var demo = await DemoRun.CreateAsync();
        demo.LayInbox(DemoRun.Days[0]);
        using (var process = demo.Start(DemoRun.Days[0]))
        {
            var exited = process.WaitForExit(afterMilliseconds);
            if (!exited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        foreach (var day in DemoRun.Days)
        {
            demo.LayInbox(day);
            var result = await demo.RunAsync(day);
            result.ExitCode.Should().BeOneOf([0, 2], result.Output + result.Error);
        }

        AssertLikeTheGoldenRun(demo);
    }

    private static void AssertLikeTheGoldenRun(DemoRun demo)
    {
        var expected = Repository.Path("fixtures", "bookings-expected");
        var files = demo.BookingFiles();
        files.Keys.Should().Equal("BUCHUNGEN_20261126_0001.csv", "BUCHUNGEN_20261127_0001.csv");
        foreach (var (name, bytes) in files)
        {
            bytes.Should().Equal(File.ReadAllBytes(Path.Combine(expected, name)), name);
        }

        demo.ControlFiles().Values.Should().OnlyContain(json => !json.Contains("\"recordCount\":0", StringComparison.Ordinal));
        Directory.EnumerateFiles(demo.Outbox, "*.tmp").Should().BeEmpty();
        // Transactions written on the import's second connection for a file that never committed are gone.
        demo.Scalar<long>(
            """
            SELECT (SELECT count(*) FROM recon.transaction_load)
                 + (SELECT count(*) FROM recon.entry_transaction t WHERE NOT EXISTS (SELECT 1 FROM recon.statement s WHERE s.id = t.statement_id))
            """).Should().Be(0);
    }
}
