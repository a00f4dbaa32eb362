using Microsoft.Playwright;
using PaymentRecon.BrowserTests.Infrastructure;

namespace PaymentRecon.BrowserTests;

/// <summary>Login, roles and forged requests on the pages that exist without Klärfälle: Läufe and Hangfire's own.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class DashboardAccessTests
{
    private readonly DashboardSite _site;

    public DashboardAccessTests(DashboardSite site) => _site = site;

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_the_german_login_form()
    {
        await using var anonymous = await _site.OpenAsync(user: null);
        var response = await anonymous.Page.GotoAsync("/hangfire/laeufe");

        anonymous.Page.Url.Should().Contain("/login?ReturnUrl=");
        response!.Headers["content-type"].Should().Be("text/html; charset=utf-8");
        (await anonymous.Page.TitleAsync()).Should().Be("Anmeldung – PaymentRecon");
        (await anonymous.Page.Locator("h1").InnerTextAsync()).Should().Be("PaymentRecon – Anmeldung");

        await anonymous.Page.FillAsync("#username", DashboardSite.Viewer);
        await anonymous.Page.FillAsync("#password", "falsch");
        await anonymous.Page.ClickAsync("button[type=submit]");
        (await anonymous.Page.Locator(".error").InnerTextAsync()).Should().Be("Benutzername oder Passwort ist falsch.");
    }

    [Fact]
    public async Task A_viewer_sees_the_runs_without_any_action_button_and_the_operator_can_rerun()
    {
        await using var viewer = await _site.OpenAsync(DashboardSite.Viewer);
        var response = await viewer.Page.GotoAsync("/hangfire/laeufe");
        response!.Headers["content-type"].Should().Be("text/html; charset=utf-8");

        (await viewer.Page.Locator("h1.page-header").InnerTextAsync()).Should().Be("Läufe");
        (await viewer.Page.Locator("table").First.InnerTextAsync()).Should().Contain("26.11.2026").And.Contain("Kommandozeile").And.Contain("erfolgreich");
        (await viewer.Page.Locator(DashboardPages.ContentActions).CountAsync()).Should().Be(0, "a viewer gets no forms and no buttons");
        (await viewer.Page.GetByText("Lauf wiederholen").CountAsync()).Should().Be(0);

        await using var operatorPage = await _site.OpenAsync(DashboardSite.Operator);
        await operatorPage.Page.GotoAsync("/hangfire/laeufe");
        (await operatorPage.Page.GetByRole(AriaRole.Button, new() { Name = "Lauf wiederholen" }).CountAsync()).Should().Be(1);
        await operatorPage.ScreenshotAsync("dashboard-laeufe");
    }

    [Fact]
    public async Task Forged_posts_are_refused_a_viewers_with_token_and_anyones_without()
    {
        await using var viewer = await _site.OpenAsync(DashboardSite.Viewer);
        await viewer.Page.GotoAsync("/hangfire/laeufe");
        var token = await viewer.Page.Locator("meta[name=csrf-token]").GetAttributeAsync("content");
        token.Should().NotBeNullOrEmpty();

        // The viewer's own session and a valid token: the server still says no.
        var withToken = await viewer.Request.PostAsync("/hangfire/laeufe/wiederholen", new APIRequestContextOptions
        {
            Form = FormWith(viewer, ("__RequestVerificationToken", token!), ("geschaeftstag", DashboardSite.BusinessDate)),
            MaxRedirects = 0,
        });
        withToken.Status.Should().Be(403);

        // An operator's session without the token (a page elsewhere submitting a form): refused before anything runs.
        await using var operatorPage = await _site.OpenAsync(DashboardSite.Operator);
        var forged = await operatorPage.Request.PostAsync("/hangfire/laeufe/wiederholen", new APIRequestContextOptions
        {
            Form = FormWith(operatorPage, ("geschaeftstag", DashboardSite.BusinessDate)),
            MaxRedirects = 0,
        });
        forged.Status.Should().Be(403);

        await operatorPage.Page.GotoAsync("/hangfire/laeufe");
        (await operatorPage.Page.Locator("table").Last.InnerTextAsync()).Should().NotContain("Lauf wiederholen", "no rerun was recorded");
    }

    private static IFormData FormWith(UserPage page, params (string Name, string Value)[] fields)
    {
        var form = page.Request.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }
}
