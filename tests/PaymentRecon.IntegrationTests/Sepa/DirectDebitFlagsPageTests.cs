using System.Globalization;
using System.Net;
using PaymentRecon.IntegrationTests.Infrastructure;
using PaymentRecon.IntegrationTests.Service;

namespace PaymentRecon.IntegrationTests.Sepa;

/// <summary>
/// Issue 8 on the dashboard: returned and rejected own direct debits are shown on the Klärfälle list
/// (to dun or collect again), and on the page of a Klärfall whose payment may settle such a Soll.
/// </summary>
[Collection(ServeTestGroup.Name)]
public sealed class DirectDebitFlagsPageTests
{
    [Fact]
    public async Task Klaerfaelle_pages_show_returned_and_rejected_direct_debits()
    {
        using var run = await RunFolder.CreateAsync();
        run.Lay(["sepa", "run", "soll-kita.csv"], "receivables");
        run.Lay(["sepa", "pain.008.001.02-kita-2026-12.xml"], "sepa");
        run.Lay(["sepa", "pain.002.001.03-kita-rejected-transaction.xml"], "sepa");
        run.Lay(["camt", "053_08_sepa_collection_batch.xml"], "statements");
        (await run.RunAsync("2026-12-02")).ExitCode.Should().Be(0);
        run.Lay(["camt", "053_08_sepa_returns.xml"], "statements");
        (await run.RunAsync("2026-12-07")).ExitCode.Should().Be(0);
        // Petra Probe pays the returned Kita-Beitrag herself, without a Kassenzeichen: a Klärfall.
        run.Lay(["camt", "053_08_sepa_transfer_after_return.xml"], "statements");
        (await run.RunAsync("2026-12-09")).ExitCode.Should().Be(0);
        var klaerfall = await run.ScalarAsync<long>("SELECT id FROM recon.klaerfall WHERE status = 'offen' AND suggestions::text LIKE '%2000000000020%'");

        await using var service = await ServiceProcess.StartAsync(run.WorkingDirectory, run.ConnectionString);
        using var clerk = await service.ClientAsync("sachbearbeitung");

        using var list = await clerk.GetAsync(new Uri("/hangfire/klaerfaelle", UriKind.Relative));
        list.StatusCode.Should().Be(HttpStatusCode.OK);
        list.Content.Headers.ContentType!.ToString().Should().Be("text/html; charset=utf-8");
        var html = WebUtility.HtmlDecode(await list.Content.ReadAsStringAsync());
        html.Should().Contain("2 Rücklastschriften und 1 abgelehnte Lastschrift: Mahnung oder erneuter Einzug veranlassen.");
        html.Should().Contain("Rücklastschriften und abgelehnte Lastschriften");
        var returns = Between(html, "id=\"liste-ruecklastschriften\"", "</table>");
        returns.Should().Contain("2000000000020").And.Contain("AM04 (keine Deckung)").And.Contain("3,50 €").And.Contain("KITA-2026-12-0003")
            .And.Contain("1008454561158").And.Contain("MD06 (Widerspruch des Zahlers)").And.Contain("KITA-M-0001").And.Contain("Rücklastschrift");
        var rejected = Between(html, "id=\"liste-abgelehnt\"", "</table>");
        rejected.Should().Contain("Lastschrift abgelehnt").And.Contain("2000000000011").And.Contain("KITA-2026-12-0002").And.Contain("AC04: Konto erloschen").And.Contain("200,00 €");

        using var detail = await clerk.GetAsync(new Uri("/hangfire/klaerfaelle/" + klaerfall.ToString(CultureInfo.InvariantCulture), UriKind.Relative));
        detail.StatusCode.Should().Be(HttpStatusCode.OK);
        var page = WebUtility.HtmlDecode(await detail.Content.ReadAsStringAsync());
        var flags = Between(page, "id=\"lastschrift-hinweise\"", "</table>");
        flags.Should().Contain("Lastschrift zurückgegeben oder abgelehnt").And.Contain("2000000000020").And.Contain("AM04");
        flags.Should().NotContain("1008454561158", "only the flags about this Klärfall's Kassenzeichen are shown");

        // A viewer sees the flags but may not record anything; the clerk records the reminder.
        using var viewer = await service.ClientAsync("leser");
        var viewerPage = await viewer.GetStringAsync(new Uri("/hangfire/klaerfaelle", UriKind.Relative));
        viewerPage.Should().Contain("liste-ruecklastschriften").And.NotContain("data-ruecklastschrift=");
        var flag = await run.ScalarAsync<long>("SELECT id FROM recon.direct_debit_return WHERE kassenzeichen = '2000000000020'");
        var path = "/hangfire/klaerfaelle/lastschriften/" + flag.ToString(CultureInfo.InvariantCulture) + "/mahnung";
        using (var forbidden = await viewer.PostAsync(new Uri(path, UriKind.Relative), Form(await ServiceProcess.TokenAsync(viewer, "/hangfire/klaerfaelle"))))
        {
            forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        html.Should().Contain("data-ruecklastschrift=\"" + flag.ToString(CultureInfo.InvariantCulture) + "\"").And.Contain("Mahnung veranlasst");
        using (var decided = await clerk.PostAsync(new Uri(path, UriKind.Relative), Form(await ServiceProcess.TokenAsync(clerk, "/hangfire/klaerfaelle"))))
        {
            decided.StatusCode.Should().Be(HttpStatusCode.SeeOther);
            WebUtility.UrlDecode(decided.Headers.Location!.ToString()).Should().Contain("„Mahnung veranlasst“ vermerkt");
        }

        (await run.ScalarAsync<string>("SELECT status || ' ' || status_by FROM recon.direct_debit_return WHERE id = @flag", new { flag })).Should().Be("mahnung sachbearbeitung");
        var after = WebUtility.HtmlDecode(await clerk.GetStringAsync(new Uri("/hangfire/klaerfaelle", UriKind.Relative)));
        after.Should().Contain("1 Rücklastschrift und 1 abgelehnte Lastschrift");
        Between(after, "id=\"liste-ruecklastschriften\"", "</table>").Should().NotContain("2000000000020");
    }

    private static FormUrlEncodedContent Form(string token) => new(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        from.Should().BeGreaterThanOrEqualTo(0, "the page should contain " + start);
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        return text[from..to];
    }
}
