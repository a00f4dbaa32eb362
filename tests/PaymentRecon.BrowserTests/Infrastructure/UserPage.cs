using System.Collections.Concurrent;
using Microsoft.Playwright;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.BrowserTests.Infrastructure;

/// <summary>
/// One user's browser tab with its own cookies. Every JavaScript dialog is recorded: our
/// confirmation questions are accepted (a clerk clicks "OK"), anything else (an <c>alert</c> that
/// injected bank text would raise) is dismissed and shows up in <see cref="Dialogs"/>.
/// </summary>
public sealed class UserPage : IAsyncDisposable
{
    /// <summary>Set <c>PAYMENTRECON_UPDATE_SCREENSHOTS=1</c> to refresh the screenshots in docs/ (README).</summary>
    public const string UpdateScreenshotsVariable = "PAYMENTRECON_UPDATE_SCREENSHOTS";

    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _dialogs = new();

    public UserPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Dialog += async (_, dialog) =>
        {
            _dialogs.Enqueue(dialog.Type + ": " + dialog.Message);
            if (dialog.Type == DialogType.Confirm)
            {
                await dialog.AcceptAsync();
            }
            else
            {
                await dialog.DismissAsync();
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Requests made with this tab's cookies (login, antiforgery cookie), e.g. to forge a POST.</summary>
    public IAPIRequestContext Request => _context.APIRequest;

    public IReadOnlyCollection<string> Dialogs => _dialogs;

    /// <summary>
    /// A PNG of the page into the test output (<c>screenshots/</c>), and into <c>docs/</c> of the
    /// checkout when <see cref="UpdateScreenshotsVariable"/> is set, so a test run does not change tracked files.
    /// </summary>
    public async Task ScreenshotAsync(string name, bool fullPage = false)
    {
        if (fullPage)
        {
            // Hangfire's navigation bar is fixed: on a full-page picture it would float over the middle.
            await Page.AddStyleTagAsync(new PageAddStyleTagOptions { Content = ".navbar-fixed-top { position: absolute !important; }" });
        }

        var bytes = await Page.ScreenshotAsync(new PageScreenshotOptions { FullPage = fullPage, Type = ScreenshotType.Png });
        var output = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(output);
        await File.WriteAllBytesAsync(Path.Combine(output, name + ".png"), bytes);
        if (Environment.GetEnvironmentVariable(UpdateScreenshotsVariable) == "1")
        {
            await File.WriteAllBytesAsync(Repository.Path("docs", name + ".png"), bytes);
        }
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
