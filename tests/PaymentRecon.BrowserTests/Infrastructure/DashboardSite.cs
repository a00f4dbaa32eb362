using System.Globalization;
using Microsoft.Playwright;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.BrowserTests.Infrastructure;

/// <summary>
/// The system under test, seeded as in production: the demo inbox of 2026-11-26 plus
/// <c>fixtures/dashboard</c> (a second account's statement with hostile bank text and the Soll a
/// clerk splits a payment across) go through a real <c>paymentrecon run</c>; then a real
/// <c>paymentrecon serve</c> on a free loopback port with one configured user per role, and Debian's
/// Chromium driven by Playwright.
/// </summary>
public sealed class DashboardSite : IAsyncLifetime, IDisposable
{
    public const string BusinessDate = "2026-11-26";

    /// <summary>Operator (Hangfire actions, reruns, "Export jetzt").</summary>
    public const string Operator = "betrieb";

    /// <summary>Viewer: reads everything, changes nothing.</summary>
    public const string Viewer = "leser";

    /// <summary>Clerk: works on Klärfälle and proposes assignments.</summary>
    public const string Clerk = "sachbearbeitung";

    /// <summary>Approver only: confirms what clerks propose.</summary>
    public const string Approver = "pruefung";

    /// <summary>Clerk and approver at once: may never approve a proposal of their own.</summary>
    public const string ClerkAndApprover = "kassenleitung";

    private readonly TempFolder _folder = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private ServiceProcess? _service;

    public string ConnectionString { get; private set; } = "";

    public string WorkingDirectory => _folder.Path;

    public string Outbox => _folder.Combine("outbox");

    public ServiceProcess Service => _service ?? throw new InvalidOperationException("Not started.");

    public Uri BaseAddress => Service.BaseAddress;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);

        ConnectionString = await TestDatabase.CreateAsync();
        LayInbox(Repository.Path("fixtures", "demo", BusinessDate, "inbox"));
        LayInbox(Repository.Path("fixtures", "dashboard", "inbox"));
        var run = await RunAsync("run", "--date", BusinessDate);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"Seeding run exited with {run.ExitCode}:\n{run.Output}\n{run.Error}");
        }

        var hash = await UserPasswords.HashAsync(_folder.Path, ServiceProcess.Password);
        var settings = new Dictionary<string, string?>();
        AddUser(settings, 3, Approver, hash, "approver");
        AddUser(settings, 4, ClerkAndApprover, hash, "clerk", "approver");
        _service = await ServiceProcess.StartAsync(_folder.Path, ConnectionString, settings);
    }

    /// <summary>Runs the program's command line in the service's folder against its database.</summary>
    public Task<ProgramResult> RunAsync(params string[] args) =>
        ProgramRunner.RunAsync(_folder.Path, new Dictionary<string, string?> { ["PAYMENTRECON_DB"] = ConnectionString }, args);

    /// <summary>A fresh browser context (own cookies); logged in through the login form when a user is given.</summary>
    public async Task<UserPage> OpenAsync(string? user)
    {
        var context = await (_browser ?? throw new InvalidOperationException("Not started.")).NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "de-DE",
            TimezoneId = "Europe/Berlin",
        });
        var page = new UserPage(context, await context.NewPageAsync());
        if (user is not null)
        {
            await page.Page.GotoAsync("/login");
            await page.Page.FillAsync("#username", user);
            await page.Page.FillAsync("#password", ServiceProcess.Password);
            await page.Page.ClickAsync("button[type=submit]");
            await page.Page.WaitForURLAsync("**/hangfire**");
        }

        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }

    /// <summary>After <see cref="DisposeAsync"/> (xunit calls both): the folder goes once the service is gone.</summary>
    public void Dispose() => _folder.Dispose();

    private void LayInbox(string source)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = _folder.Combine("inbox", Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static void AddUser(Dictionary<string, string?> settings, int index, string name, string hash, params string[] roles)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"PAYMENTRECON__PaymentRecon__Service__Users__{index}__");
        settings[prefix + "Name"] = name;
        settings[prefix + "PasswordHash"] = hash;
        for (var i = 0; i < roles.Length; i++)
        {
            settings[prefix + "Roles__" + i.ToString(CultureInfo.InvariantCulture)] = roles[i];
        }
    }
}
