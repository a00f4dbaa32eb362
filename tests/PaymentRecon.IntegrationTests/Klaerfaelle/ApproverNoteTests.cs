using System.Globalization;
using System.Net;
using Dapper;
using Npgsql;
using PaymentRecon.IntegrationTests.Infrastructure;
using PaymentRecon.IntegrationTests.Reconciliation;
using PaymentRecon.IntegrationTests.Service;

namespace PaymentRecon.IntegrationTests.Klaerfaelle;

/// <summary>An approver proposes nothing, but records why on the Klärfall page; a viewer records nothing.</summary>
[Collection(ServeTestGroup.Name)]
public sealed class ApproverNoteTests
{
    [Fact]
    public async Task An_approver_adds_a_note_from_the_dashboard_and_a_viewer_may_not()
    {
        using var demo = await DemoRun.CreateAsync();
        demo.LayInbox(DemoRun.Days[0]);
        (await demo.RunAsync(DemoRun.Days[0])).ExitCode.Should().Be(0);
        await using var connection = new NpgsqlConnection(demo.ConnectionString);
        var klaerfall = await connection.QueryFirstAsync<long>("SELECT id FROM recon.klaerfall WHERE status = 'offen' ORDER BY id");
        var page = "/hangfire/klaerfaelle/" + klaerfall.ToString(CultureInfo.InvariantCulture);

        await using var service = await ServiceProcess.StartAsync(demo.Folder, demo.ConnectionString);
        using var approver = await service.ClientAsync("freigabe");
        var html = WebUtility.HtmlDecode(await approver.GetStringAsync(new Uri(page, UriKind.Relative)));
        html.Should().Contain("können Notizen hinterlassen").And.Contain("Notiz speichern").And.NotContain("Einem Soll zuordnen");

        using (var saved = await approver.PostAsync(new Uri(page + "/notiz", UriKind.Relative), Form(await ServiceProcess.TokenAsync(approver, page), "Rückfrage beim Fachamt läuft")))
        {
            saved.StatusCode.Should().Be(HttpStatusCode.SeeOther);
            WebUtility.UrlDecode(saved.Headers.Location!.ToString()).Should().Contain("Notiz zu Klärfall");
        }

        var audit = await connection.QuerySingleAsync<(string Actor, string Channel, string Action, string Note)>(
            "SELECT actor, channel, action, note FROM recon.klaerfall_audit WHERE klaerfall_id = @klaerfall", new { klaerfall });
        audit.Should().Be(("freigabe", "dashboard", "note", "Rückfrage beim Fachamt läuft"));

        using var viewer = await service.ClientAsync("leser");
        using (var forbidden = await viewer.PostAsync(new Uri(page + "/notiz", UriKind.Relative), Form(await ServiceProcess.TokenAsync(viewer, page), "darf nicht")))
        {
            forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.klaerfall_audit WHERE klaerfall_id = @klaerfall", new { klaerfall })).Should().Be(1);
    }

    private static FormUrlEncodedContent Form(string token, string note) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token,
        ["begruendung"] = "ARBEITSVERMERK",
        ["notiz"] = note,
    });
}
