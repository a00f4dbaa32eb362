using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PaymentRecon.Data.Klaerfaelle;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Host.Runs;

namespace PaymentRecon.IntegrationTests.Klaerfaelle;

/// <summary>Approved lines in the booking file (exactly once), "Export now", and the nightly retry racing an approval.</summary>
public sealed class KlaerfallBookingTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Approved_lines_are_exported_by_the_next_export_exactly_once()
    {
        await using var bed = await KlaerfallTestBed.CreateAsync();
        var actions = bed.Actions();
        var klaerfall = await bed.OpenAsync("KZ 5200000010020");
        var proposal = await actions.ProposeAssignmentAsync(klaerfall.Id, [new("5200000010027")], "KASSENZEICHEN_FEHLERHAFT", null, KlaerfallTestBed.Clerk, None);
        (await actions.ApproveAsync(proposal.ProposalId!.Value, null, null, KlaerfallTestBed.Approver, None)).Succeeded.Should().BeTrue();

        var exported = await new ExportNow(bed.DataSource, new PaymentReconOptions(), NullLoggerFactory.Instance, TimeProvider.System)
            .ExecuteAsync(new DateOnly(2026, 11, 26), bed.Folders, "test", "olga", "dashboard", None);

        exported.Exported.Should().BeTrue(exported.Message);
        exported.BookingFiles.Should().Equal("BUCHUNGEN_20261126_0002.csv");
        var csv = (await File.ReadAllLinesAsync(Path.Combine(bed.Folders.Outbox, "BUCHUNGEN_20261126_0002.csv"), Encoding.UTF8)).Skip(1).ToList();
        csv.Should().HaveCount(2);
        var fields = csv.Select(l => l.Split(';')).ToList();
        fields.Select(f => (f[1], f[4], f[6], f[15], f[16])).Should().Equal(
            ("VWG", "-95,00", "", "MANUELL", "MANUELL-ZUORDNUNG"),
            ("IST", "95,00", "5200000010027", "MANUELL", "MANUELL-ZUORDNUNG"));
        fields.Should().OnlyContain(f => f[10] == "Özlem Jäger" && f[12] == "KZ 5200000010020");
        File.Exists(Path.Combine(bed.Folders.Outbox, exported.ReportFile)).Should().BeTrue();
        (await bed.ScalarAsync<long>("SELECT count(*) FROM recon.operator_action WHERE action = 'export' AND requested_by = 'olga'")).Should().Be(1);

        // The nightly run afterwards writes none of them again.
        (await bed.RunAsync(new DateOnly(2026, 11, 27))).ExitCode.Should().Be(0);
        Directory.EnumerateFiles(bed.Folders.Outbox, "BUCHUNGEN_20261127_*.csv").Should().BeEmpty();
        (await bed.ScalarAsync<long>("SELECT count(*) FROM recon.booking_with_export WHERE zuordnung = 'MANUELL' AND export_id IS NULL")).Should().Be(0);
        var again = await new ExportNow(bed.DataSource, new PaymentReconOptions(), NullLoggerFactory.Instance, TimeProvider.System)
            .ExecuteAsync(new DateOnly(2026, 11, 27), bed.Folders, "test", "olga", "cli", None);
        again.BookingFiles.Should().BeEmpty();
        again.Message.Should().StartWith("Nichts Neues zu exportieren");
    }

    [Fact]
    public async Task Export_now_is_refused_while_a_run_holds_the_date()
    {
        await using var bed = await KlaerfallTestBed.CreateAsync();
        var leases = new Data.Service.RunLeaseStore(bed.DataSource);
        (await leases.TryAcquireAsync(new DateOnly(2026, 11, 28), "other-server", TimeSpan.FromMinutes(1), None)).Should().BeTrue();

        var export = () => new ExportNow(bed.DataSource, new PaymentReconOptions(), NullLoggerFactory.Instance, TimeProvider.System)
            .ExecuteAsync(new DateOnly(2026, 11, 28), bed.Folders, "test", "olga", "dashboard", None);

        (await export.Should().ThrowAsync<RunLeaseHeldException>()).Which.Holder.Should().Be("other-server");
    }

    [Fact]
    public async Task The_nightly_retry_and_an_approval_never_both_book_one_Klaerfall()
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await using var bed = await KlaerfallTestBed.CreateAsync();
            var actions = bed.Actions();
            // A payment on a Kassenzeichen whose Soll arrives the next day: the nightly retry books it (KZ-NACHTRAG) ...
            var klaerfall = await bed.OpenAsync("Kassenzeichen 5300000012245");
            klaerfall.Rule.Should().Be("KZ-UNBEKANNT");
            bed.WriteSoll("soll_nachtrag.csv", "HUNDESTEUER;HUN-2026-001224;5300000012245;90,00;20.11.2026;Günter Fuchs;;1.9000.0320;Hundesteuer 1224");
            // ... while a clerk's assignment of the same Klärfall elsewhere is approved.
            var proposal = await actions.ProposeAssignmentAsync(klaerfall.Id, [new("5300000012044")], "ZUORDNUNG_ERMITTELT", null, KlaerfallTestBed.Clerk, None);

            var run = bed.RunAsync(new DateOnly(2026, 11, 27));
            if (attempt == 1)
            {
                // Second round: the approval first, the run right behind it.
                await Task.Delay(50);
            }

            var approval = actions.ApproveAsync(proposal.ProposalId!.Value, null, null, KlaerfallTestBed.Approver, None);
            await Task.WhenAll(run, approval);

            var decisions = await bed.QueryAsync<string>(
                "SELECT kind FROM recon.decision WHERE receipt_id = (SELECT receipt_id FROM recon.klaerfall WHERE id = @id) ORDER BY seq", new { id = klaerfall.Id });
            decisions.Should().HaveCount(2, "the Klärfall is booked once, by whichever came first");
            decisions[1].Should().BeOneOf("retry", "manual");
            (await bed.ScalarAsync<decimal>(
                "SELECT sum(betrag) FROM recon.booking WHERE satzart = 'VWG' AND receipt_id = (SELECT receipt_id FROM recon.klaerfall WHERE id = @id)", new { id = klaerfall.Id }))
                .Should().Be(0m, "the Verwahrgeld is released exactly once");
            var approvalResult = await approval;
            if (decisions[1] == "retry")
            {
                approvalResult.Status.Should().Be(KlaerfallActionStatus.Conflict);
                (await bed.Queries.ProposalAsync(proposal.ProposalId!.Value, None))!.Status.Should().Be("obsolete");
                (await bed.ScalarAsync<decimal>("SELECT open_amount FROM recon.soll WHERE kassenzeichen = '5300000012044'")).Should().Be(90m);
            }
            else
            {
                approvalResult.Status.Should().Be(KlaerfallActionStatus.Done);
                (await bed.ScalarAsync<decimal>("SELECT open_amount FROM recon.soll WHERE kassenzeichen = '5300000012245'")).Should().Be(90m, "the retry found the Klärfall closed");
            }
        }
    }
}
