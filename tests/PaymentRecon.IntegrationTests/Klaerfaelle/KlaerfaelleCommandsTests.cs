using System.Text;
using System.Text.Json.Nodes;
using PaymentRecon.Data.Klaerfaelle;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests.Klaerfaelle;

/// <summary><c>paymentrecon klaerfaelle ...</c> through the real program, acting as configured users.</summary>
public sealed class KlaerfaelleCommandsTests
{
    [Fact]
    public async Task List_assign_approve_show_and_audit_work_from_the_command_line()
    {
        await using var bed = await KlaerfallTestBed.CreateAsync();
        var klaerfall = await bed.OpenAsync("KZ 5200000010020");

        var list = await RunAsync(bed, "klaerfaelle", "list", "--json");
        list.ExitCode.Should().Be(0, list.Error);
        var json = JsonNode.Parse(list.Output)!;
        json["count"]!.GetValue<int>().Should().Be(27);
        var item = json["klaerfaelle"]!.AsArray().Single(k => k!["id"]!.GetValue<long>() == klaerfall.Id)!;
        item["payerName"]!.GetValue<string>().Should().Be("Özlem Jäger");
        item["suggestions"]![0]!["kassenzeichen"]!.GetValue<string>().Should().Be("5200000010027");
        var table = await RunAsync(bed, "klaerfaelle", "list");
        table.Output.Should().Contain("Özlem Jäger").And.Contain("1. 5200000010027").And.Contain("27 offene Klärfälle, zusammen 3.378,30 EUR.");

        var unknownUser = await RunAsync(bed, "klaerfaelle", "assign", klaerfall.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--kassenzeichen", "5200000010027", "--user", "niemand");
        unknownUser.ExitCode.Should().Be(1);
        unknownUser.Error.Should().Contain("kein konfigurierter Benutzer");
        var viewer = await RunAsync(bed, "klaerfaelle", "assign", Id(klaerfall.Id), "--kassenzeichen", "5200000010027", "--user", "egon");
        viewer.ExitCode.Should().Be(1);
        viewer.Error.Should().Contain("nicht die Rolle clerk");
        (await RunAsync(bed, "klaerfaelle", "assign", Id(klaerfall.Id), "--kassenzeichen", "5200000010027")).ExitCode.Should().Be(1, "--user is required");

        var assign = await RunAsync(bed, "klaerfaelle", "assign", Id(klaerfall.Id), "--kassenzeichen", "KZ 5200 0000 10027", "--betrag", "95,00", "--user", "anna");
        assign.ExitCode.Should().Be(0, assign.Error);
        assign.Output.Should().Contain("Vorschlag");
        var proposalId = (await bed.Queries.DetailAsync(klaerfall.Id, CancellationToken.None))!.PendingProposal!.Id;

        var own = await RunAsync(bed, "klaerfaelle", "approve", Id(proposalId), "--user", "anna");
        own.ExitCode.Should().Be(1);
        var approve = await RunAsync(bed, "klaerfaelle", "approve", Id(proposalId), "--user", "carla");
        approve.ExitCode.Should().Be(0, approve.Error);
        approve.Output.Should().Contain("freigegeben");
        var twice = await RunAsync(bed, "klaerfaelle", "approve", Id(proposalId), "--user", "carla");
        twice.ExitCode.Should().Be(3, "the proposal is no longer open: a conflict, not a usage error");

        var show = await RunAsync(bed, "klaerfaelle", "show", Id(klaerfall.Id));
        show.ExitCode.Should().Be(0, show.Error);
        show.Output.Should().Contain("zugeordnet").And.Contain("camt053_20261126.xml").And.Contain("anna").And.Contain("carla").And.Contain("Vorschlag freigegeben");

        var csv = bed.Folder.Combine("audit.csv");
        var audit = await RunAsync(bed, "klaerfaelle", "audit", "--from", "2026-01-01", "--to", "2099-12-31", "--csv", csv);
        audit.ExitCode.Should().Be(0, audit.Error);
        var content = await File.ReadAllTextAsync(csv, Encoding.UTF8);
        content.Should().StartWith("Zeitpunkt;Klärfall;Quelle;Benutzer;").And.Contain(";carla;approve;");
        (await RunAsync(bed, "klaerfaelle", "show", "999999")).ExitCode.Should().Be(1);
    }

    [Fact]
    public async Task Keep_and_reopen_work_from_the_command_line_with_a_reason_code()
    {
        await using var bed = await KlaerfallTestBed.CreateAsync();
        var klaerfall = await bed.OpenAsync("Kassenzeichen 5300000012245");

        var noReason = await RunAsync(bed, "klaerfaelle", "keep", Id(klaerfall.Id), "--user", "anna");
        noReason.ExitCode.Should().Be(1);
        noReason.Error.Should().Contain("--grund fehlt");
        (await RunAsync(bed, "klaerfaelle", "keep", Id(klaerfall.Id), "--user", "egon", "--grund", "SOLL_FOLGT")).ExitCode.Should().Be(1, "a viewer changes nothing");
        var early = await RunAsync(bed, "klaerfaelle", "reopen", Id(klaerfall.Id), "--user", "anna", "--grund", "SOLL_LIEGT_VOR");
        early.ExitCode.Should().Be(3, "it is open: a conflict, not a usage error");

        var keep = await RunAsync(bed, "klaerfaelle", "keep", Id(klaerfall.Id), "--user", "anna", "--grund", "SOLL_FOLGT", "--notiz", "Bescheid kommt im Dezember");
        keep.ExitCode.Should().Be(0, keep.Error);
        keep.Output.Should().Contain("bleibt Verwahrgeld");
        (await bed.Queries.DetailAsync(klaerfall.Id, CancellationToken.None))!.Status.Should().Be("verwahrt");

        var reopen = await RunAsync(bed, "klaerfaelle", "reopen", Id(klaerfall.Id), "--user", "anna", "--grund", "SOLL_LIEGT_VOR");
        reopen.ExitCode.Should().Be(0, reopen.Error);
        reopen.Output.Should().Contain("wieder in der Arbeitsliste");
        var detail = (await bed.Queries.DetailAsync(klaerfall.Id, CancellationToken.None))!;
        detail.Status.Should().Be("offen");
        detail.Audit.Where(a => a.Source == "manuell").Select(a => (a.Actor, a.Action, a.ReasonCode)).Should().Equal(
            ("anna", AuditActions.Keep, "SOLL_FOLGT"), ("anna", AuditActions.Reopen, "SOLL_LIEGT_VOR"));

        (await RunAsync(bed, "klaerfaelle", "note", Id(klaerfall.Id), "--user", "carla")).ExitCode.Should().Be(1, "a note needs its text");
        var note = await RunAsync(bed, "klaerfaelle", "note", Id(klaerfall.Id), "--user", "carla", "--notiz", "Zahler angerufen, Bescheid liegt vor");
        note.ExitCode.Should().Be(0, note.Error);
        var refund = await RunAsync(bed, "klaerfaelle", "refund", Id(klaerfall.Id), "--user", "anna", "--grund", "DOPPELZAHLUNG");
        refund.ExitCode.Should().Be(0, refund.Error);
        var after = (await bed.Queries.DetailAsync(klaerfall.Id, CancellationToken.None))!;
        after.Notes.Should().ContainSingle().Which.Should().Match<KlaerfallAuditEntry>(n => n.Actor == "carla" && n.ReasonCode == "ARBEITSVERMERK");
        after.PendingProposal!.Kind.Should().Be("refund", "a refund waits for a second person like every proposal");
    }

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Task<ProgramResult> RunAsync(KlaerfallTestBed bed, params string[] args)
    {
        var environment = new Dictionary<string, string?> { ["PAYMENTRECON_DB"] = bed.ConnectionString };
        var users = new (string Name, string[] Roles)[] { ("anna", ["clerk"]), ("carla", ["approver"]), ("egon", ["viewer"]) };
        for (var i = 0; i < users.Length; i++)
        {
            var prefix = $"PAYMENTRECON__PaymentRecon__Service__Users__{i}__";
            environment[prefix + "Name"] = users[i].Name;
            environment[prefix + "PasswordHash"] = "not-used-on-the-command-line";
            for (var r = 0; r < users[i].Roles.Length; r++)
            {
                environment[prefix + $"Roles__{r}"] = users[i].Roles[r];
            }
        }

        return ProgramRunner.RunAsync(bed.Folder.Path, environment, args);
    }
}
