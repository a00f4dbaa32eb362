using Dapper;
using Microsoft.Playwright;
using Npgsql;
using PaymentRecon.BrowserTests.Infrastructure;

namespace PaymentRecon.BrowserTests;

/// <summary>Issue 7 in the browser: the worklist, a Klärfall's page, split with four eyes, export, audit trail.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class KlaerfaelleTests
{
    // fixtures/dashboard: Björn Jäger pays 222,00 for his Hundesteuer (90,00) and Kita-Beitrag (132,00) naming neither.
    private const string Hundesteuer = "5300000090018";
    private const string Kita = "5200000090028";
    private const string Sonderkonto = "DE16370502990045099887";

    private readonly DashboardSite _site;

    public KlaerfaelleTests(DashboardSite site) => _site = site;

    [Fact]
    public async Task A_clerk_filters_opens_and_splits_a_Klaerfall_an_approver_approves_and_the_next_export_books_it()
    {
        await using var clerk = await _site.OpenAsync(DashboardSite.Clerk);
        var page = clerk.Page;

        // The menu item's badge counts the open Klärfälle, as the unfiltered list does.
        await page.GetByRole(AriaRole.Link, new() { Name = "Klärfälle" }).First.ClickAsync();
        await page.WaitForURLAsync("**/hangfire/klaerfaelle");
        var open = await OpenCountAsync();
        (await page.Locator("#klaerfaelle-summe").InnerTextAsync()).Should().StartWith(open + " Klärfälle");
        (await page.Locator(".navbar a", new() { HasText = "Klärfälle" }).InnerTextAsync()).Should().Contain(open.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await clerk.ScreenshotAsync("klaerfaelle-liste");

        // Filter: free text over the payer, and the account; the filters land in the URL (bookmarkable).
        await page.FillAsync("#f-suche", "jäger");
        await page.SelectOptionAsync("#f-konto", Sonderkonto);
        await page.ClickAsync("#klaerfaelle-filter button[type=submit]");
        await page.WaitForURLAsync("**suche=j%C3%A4ger**");
        page.Url.Should().Contain("konto=" + Sonderkonto);
        (await page.Locator("#klaerfaelle tbody tr").CountAsync()).Should().Be(1);
        (await page.Locator("#klaerfaelle-summe").InnerTextAsync()).Should().Be("1 Klärfall, zusammen offen: 222,00 €");

        // Open it: the entry as the bank sent it, and the suggestions with the open Soll they would pay.
        await page.Locator("#klaerfaelle tbody tr a").First.ClickAsync();
        await page.WaitForURLAsync("**/hangfire/klaerfaelle/*");
        var id = long.Parse(page.Url.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        (await page.Locator("#zahlung").InnerTextAsync()).Should().Contain("Björn Jäger").And.Contain("DE12 5001 0517 0648 4898 90").And.Contain("Hundesteuer und Kita Jaeger November");
        (await page.Locator("#herkunft").InnerTextAsync()).Should().Contain("camt053_sonderkonto_20261126.xml").And.Contain("STMT-SK-20261126").And.Contain("/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]");
        (await page.Locator("#gruende").InnerTextAsync()).Should().Contain("Kein Kassenzeichen gefunden");
        var suggestions = await page.Locator("#vorschlaege").InnerTextAsync();
        suggestions.Should().Contain(Hundesteuer).And.Contain(Kita).And.Contain("offen 90,00 €").And.Contain("offen 132,00 €");

        // The Soll search finds both of his Soll by the debtor's name.
        await page.FillAsync("input[name=soll]", "Jäger");
        await page.ClickAsync("#soll-suche + form button[type=submit]");
        await page.WaitForURLAsync("**soll=J%C3%A4ger**");
        (await page.Locator("#soll-treffer").InnerTextAsync()).Should().Contain(Hundesteuer).And.Contain(Kita).And.Contain("Kita-Beitrag 9002");

        // One click per suggestion takes it over into the forms; the split shows its sum live.
        await page.Locator($"#vorschlaege a[data-uebernehmen='{Hundesteuer}']").ClickAsync();
        await page.Locator($"#vorschlaege a[data-uebernehmen='{Kita}']").ClickAsync();
        await page.WaitForURLAsync($"**uebernehmen={Hundesteuer}&uebernehmen={Kita}**");
        var amounts = page.Locator("#aufteilung input[name=teil-betrag]");
        (await amounts.Nth(0).InputValueAsync()).Should().Be("90,00");
        (await amounts.Nth(1).InputValueAsync()).Should().Be("132,00");
        (await page.Locator("#aufteilung-summe").InnerTextAsync()).Should().Be("Summe 222,00 € von 222,00 €: geht auf.");
        await amounts.Nth(1).FillAsync("140");
        (await page.Locator("#aufteilung-summe").InnerTextAsync()).Should().Be("Summe 230,00 € von 222,00 €: 8,00 € zu viel.");
        await amounts.Nth(1).FillAsync("132,00");
        await page.SelectOptionAsync("#aufteilen-begruendung", "SAMMELZAHLUNG");
        await page.FillAsync("#aufteilen-notiz", "Hundesteuer und Kita laut Verwendungszweck");
        await clerk.ScreenshotAsync("klaerfall-aufteilen", fullPage: true);
        await page.GetByRole(AriaRole.Button, new() { Name = "Aufteilung vorschlagen" }).ClickAsync();
        await page.WaitForURLAsync("**meldung=**");
        (await page.Locator("#vorschlag-offen").InnerTextAsync()).Should().Contain("Aufteilung wartet auf Freigabe").And.Contain("Vorgeschlagen von sachbearbeitung");
        (await page.GetByRole(AriaRole.Button, new() { Name = "Freigeben" }).CountAsync()).Should().Be(0, "a clerk is no approver");

        // A second user with role approver approves.
        await using var approver = await _site.OpenAsync(DashboardSite.Approver);
        await approver.Page.GotoAsync("/hangfire/klaerfaelle/" + id);
        await approver.Page.SelectOptionAsync("#freigeben-begruendung", "VORSCHLAG_GEPRUEFT");
        await approver.Page.GetByRole(AriaRole.Button, new() { Name = "Freigeben" }).ClickAsync();
        await approver.Page.WaitForURLAsync("**meldung=**");
        (await approver.Page.Locator("#klaerfall-kopf").InnerTextAsync()).Should().Contain("zugeordnet");
        var audit = await approver.Page.Locator("#protokoll").InnerTextAsync();
        audit.Should().Contain("sachbearbeitung").And.Contain("pruefung").And.Contain("Aufteilung vorgeschlagen").And.Contain("Vorschlag freigegeben");
        await approver.ScreenshotAsync("klaerfall-freigegeben", fullPage: true);

        // The next export (the nightly run from the command line) carries VWG release and IST lines, Zuordnung MANUELL.
        var before = Directory.GetFiles(_site.Outbox, "BUCHUNGEN_*.csv").ToHashSet();
        var run = await _site.RunAsync("run", "--date", "2026-11-27");
        run.ExitCode.Should().Be(0, run.Output + run.Error);
        var file = Directory.GetFiles(_site.Outbox, "BUCHUNGEN_*.csv").Single(f => !before.Contains(f));
        var lines = (await File.ReadAllLinesAsync(file)).Where(l => l.Contains("SK20261126001", StringComparison.Ordinal)).Select(l => l.Split(';')).ToList();
        lines.Should().OnlyContain(l => l[15] == "MANUELL");
        lines.Where(l => l[1] == "VWG").Sum(l => decimal.Parse(l[4], System.Globalization.CultureInfo.GetCultureInfo("de-DE"))).Should().Be(-222.00m, "the whole Verwahrgeld is released");
        lines.Should().ContainSingle(l => l[1] == "IST" && l[4] == "90,00" && l[6] == Hundesteuer && l[15] == "MANUELL");
        lines.Should().ContainSingle(l => l[1] == "IST" && l[4] == "132,00" && l[6] == Kita && l[15] == "MANUELL");
    }

    [Fact]
    public async Task A_viewer_sees_a_Klaerfall_but_gets_no_action_and_a_forged_post_is_refused()
    {
        var id = await KlaerfallOfAsync("SK20261126003");
        await using var viewer = await _site.OpenAsync(DashboardSite.Viewer);
        await viewer.Page.GotoAsync("/hangfire/klaerfaelle/" + id);
        (await viewer.Page.Locator("#zahlung").InnerTextAsync()).Should().Contain("Ulrich Weber");
        (await viewer.Page.Locator("#vorschlaege").InnerTextAsync()).Should().Contain("5100000090046");
        (await viewer.Page.Locator(DashboardPages.ContentActions).CountAsync()).Should().Be(0, "a viewer gets no action forms");
        (await viewer.Page.Locator("a[data-uebernehmen]").CountAsync()).Should().Be(0);

        var token = await viewer.Page.Locator("meta[name=csrf-token]").GetAttributeAsync("content");
        var form = viewer.Request.CreateFormData();
        form.Set("__RequestVerificationToken", token!);
        form.Set("kassenzeichen", "5100000090046");
        form.Set("begruendung", "KASSENZEICHEN_FEHLERHAFT");
        var forged = await viewer.Request.PostAsync($"/hangfire/klaerfaelle/{id}/zuordnen", new() { Form = form, MaxRedirects = 0 });
        forged.Status.Should().Be(403);

        await using var connection = new NpgsqlConnection(_site.ConnectionString);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.klaerfall_proposal WHERE klaerfall_id = @id AND proposed_by = @viewer", new { id, viewer = DashboardSite.Viewer }))
            .Should().Be(0);
    }

    [Fact]
    public async Task Bank_text_with_script_and_html_is_shown_as_text_and_never_runs()
    {
        await using var clerk = await _site.OpenAsync(DashboardSite.Clerk);
        var page = clerk.Page;
        await page.GotoAsync("/hangfire/klaerfaelle?suche=" + Uri.EscapeDataString("<script>"));
        (await page.Locator("#klaerfaelle tbody").InnerTextAsync()).Should().Contain("<script>document.title='XSS'");
        await page.Locator("#klaerfaelle tbody tr a").First.ClickAsync();
        await page.WaitForURLAsync("**/hangfire/klaerfaelle/*");

        var remittance = await page.Locator("#verwendungszweck").InnerTextAsync();
        remittance.Should().Contain("<script>document.title='XSS';window.xssRan=1</script>").And.Contain("<img src=x onerror=\"window.xssRan=2\">");
        (await page.Locator("#zahlung").InnerTextAsync()).Should().Contain("Mallory <i>Tester</i>");
        (await page.Locator("#verwendungszweck script, #verwendungszweck img, #zahlung i").CountAsync()).Should().Be(0, "no element was injected");
        (await page.EvaluateAsync<bool>("() => typeof window.xssRan === 'undefined'")).Should().BeTrue();
        (await page.TitleAsync()).Should().NotBe("XSS");
        // The Soll of the suggestion carries HTML in the debtor's name and text: shown, not rendered.
        (await page.Locator("#vorschlaege").InnerTextAsync()).Should().Contain("Erika <b>Mustermann</b>");
        (await page.Locator("#vorschlaege b").CountAsync()).Should().Be(0);
        clerk.Dialogs.Should().BeEmpty("nothing from the bank may open a dialog");
        await clerk.ScreenshotAsync("klaerfall-script-als-text");
    }

    [Fact]
    public async Task Nobody_approves_their_own_proposal_not_even_with_both_roles()
    {
        var id = await KlaerfallOfAsync("SK20261126003");
        await using var lead = await _site.OpenAsync(DashboardSite.ClerkAndApprover);
        var page = lead.Page;
        await page.GotoAsync($"/hangfire/klaerfaelle/{id}");
        await page.Locator("#vorschlaege a[data-uebernehmen='5100000090046']").ClickAsync();
        await page.WaitForURLAsync("**uebernehmen=5100000090046**");
        (await page.InputValueAsync("#zuordnen-kz")).Should().Be("5100000090046");
        (await page.InputValueAsync("#zuordnen-betrag")).Should().Be("120,50");
        await page.SelectOptionAsync("#zuordnen-begruendung", "KASSENZEICHEN_FEHLERHAFT");
        await page.GetByRole(AriaRole.Button, new() { Name = "Zuordnung vorschlagen" }).ClickAsync();
        await page.WaitForURLAsync("**meldung=**");
        (await page.Locator("#vorschlag-offen").InnerTextAsync()).Should().Contain("Zuordnung wartet auf Freigabe").And.Contain("Eigene Vorschläge gibt eine andere Person");
        (await page.GetByRole(AriaRole.Button, new() { Name = "Freigeben" }).CountAsync()).Should().Be(0);

        // Forged: the approve form posted anyway, with a valid token: the store refuses.
        var proposal = await page.Locator("#vorschlag-offen input[name=vorschlag]").First.InputValueAsync();
        var token = await page.Locator("meta[name=csrf-token]").GetAttributeAsync("content");
        var form = lead.Request.CreateFormData();
        form.Set("__RequestVerificationToken", token!);
        form.Set("vorschlag", proposal);
        form.Set("begruendung", "VORSCHLAG_GEPRUEFT");
        var forged = await lead.Request.PostAsync($"/hangfire/klaerfaelle/{id}/freigeben", new() { Form = form, MaxRedirects = 0 });
        forged.Status.Should().Be(303);
        Uri.UnescapeDataString(forged.Headers["location"]).Should().Contain("Vier-Augen-Prinzip", "the store names the rule");
        await using (var connection = new NpgsqlConnection(_site.ConnectionString))
        {
            (await connection.ExecuteScalarAsync<string>("SELECT status FROM recon.klaerfall_proposal WHERE id = @id", new { id = long.Parse(proposal, System.Globalization.CultureInfo.InvariantCulture) }))
                .Should().Be("pending");
        }

        // The proposer takes it back; the Klärfall is open for others again.
        await page.GotoAsync($"/hangfire/klaerfaelle/{id}");
        await page.SelectOptionAsync("#zurueckziehen-begruendung", "VORSCHLAG_FEHLERHAFT");
        await page.GetByRole(AriaRole.Button, new() { Name = "Zurückziehen" }).ClickAsync();
        await page.WaitForURLAsync("**meldung=**");
        (await page.Locator("#vorschlag-offen").CountAsync()).Should().Be(0);
        (await page.Locator("#protokoll").InnerTextAsync()).Should().Contain("Vorschlag zurückgezogen").And.Contain("kassenleitung");
    }

    [Fact]
    public async Task A_Klaerfall_kept_as_Verwahrgeld_leaves_the_worklist_and_a_clerk_takes_it_back()
    {
        // A demo payment naming a Kassenzeichen no Soll has (yet); no other test touches it.
        long id;
        await using (var connection = new NpgsqlConnection(_site.ConnectionString))
        {
            id = await connection.QuerySingleAsync<long>("SELECT klaerfall_id FROM recon.klaerfall_info WHERE search_text LIKE '%5300000012245%'");
        }

        var open = await OpenCountAsync();
        await using var clerk = await _site.OpenAsync(DashboardSite.Clerk);
        var page = clerk.Page;
        await page.GotoAsync($"/hangfire/klaerfaelle/{id}");
        await page.SelectOptionAsync("#verwahren-begruendung", "SOLL_FOLGT");
        await page.GetByRole(AriaRole.Button, new() { Name = "Als Verwahrgeld belassen" }).ClickAsync();
        await page.WaitForURLAsync("**meldung=**");
        (await page.Locator("#klaerfall-kopf").InnerTextAsync()).Should().Contain("als Verwahrgeld belassen");
        (await OpenCountAsync()).Should().Be(open - 1, "it left the worklist");
        (await page.GetByRole(AriaRole.Button, new() { Name = "Zuordnung vorschlagen" }).CountAsync()).Should().Be(0, "a kept Klärfall is not assigned as it is");

        await page.SelectOptionAsync("#wieder-aufnehmen-begruendung", "SOLL_LIEGT_VOR");
        await page.GetByRole(AriaRole.Button, new() { Name = "Wieder aufnehmen" }).ClickAsync();
        await page.WaitForURLAsync("**meldung=**");
        (await page.Locator(".alert-info").InnerTextAsync()).Should().Contain("wieder in der Arbeitsliste");
        (await page.Locator("#klaerfall-kopf").InnerTextAsync()).Should().Contain("offen");
        (await page.GetByRole(AriaRole.Button, new() { Name = "Zuordnung vorschlagen" }).CountAsync()).Should().Be(1, "open again, so it can be assigned");
        (await page.Locator("#protokoll").InnerTextAsync()).Should().Contain("Als Verwahrgeld belassen").And.Contain("Wieder in die Arbeitsliste aufgenommen").And.Contain("Soll-Stellung liegt jetzt vor");
        (await OpenCountAsync()).Should().Be(open);
        clerk.Dialogs.Should().HaveCount(2, "both were confirmed first");
    }

    [Fact]
    public async Task Export_now_is_for_operators_only_and_writes_what_is_approved_at_once()
    {
        await using var clerk = await _site.OpenAsync(DashboardSite.Clerk);
        await clerk.Page.GotoAsync("/hangfire/klaerfaelle");
        (await clerk.Page.GetByRole(AriaRole.Button, new() { Name = "Export jetzt" }).CountAsync()).Should().Be(0);

        await using var operatorPage = await _site.OpenAsync(DashboardSite.Operator);
        await operatorPage.Page.GotoAsync("/hangfire/klaerfaelle");
        await operatorPage.Page.GetByRole(AriaRole.Button, new() { Name = "Export jetzt" }).ClickAsync();
        await operatorPage.Page.WaitForURLAsync("**meldung=**");
        operatorPage.Dialogs.Should().ContainSingle(d => d.StartsWith("confirm:", StringComparison.Ordinal), "the operator was asked first");
        (await operatorPage.Page.Locator(".alert-info").InnerTextAsync()).Should().MatchRegex("^(Exportiert: BUCHUNGEN_|Nichts Neues zu exportieren)");
        await using var connection = new NpgsqlConnection(_site.ConnectionString);
        (await connection.ExecuteScalarAsync<string>("SELECT requested_by FROM recon.operator_action WHERE action = 'export' ORDER BY id DESC LIMIT 1")).Should().Be(DashboardSite.Operator);
    }

    private async Task<long> OpenCountAsync()
    {
        await using var connection = new NpgsqlConnection(_site.ConnectionString);
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.klaerfall WHERE status = 'offen'");
    }

    private async Task<long> KlaerfallOfAsync(string bankReference)
    {
        await using var connection = new NpgsqlConnection(_site.ConnectionString);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT k.id FROM recon.klaerfall k JOIN recon.entry e ON e.id = k.entry_id WHERE e.acct_svcr_ref = @bankReference", new { bankReference });
    }
}
