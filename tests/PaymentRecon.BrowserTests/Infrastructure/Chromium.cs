using Microsoft.Playwright;

namespace PaymentRecon.BrowserTests.Infrastructure;

/// <summary>
/// Debian's Chromium (package <c>chromium</c>, installed by scripts/test.sh): Playwright's own
/// browser builds cannot be downloaded here. A missing browser fails the tests, it never skips them.
/// </summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing. The browser tests need Debian's Chromium: run them through scripts/test.sh (it installs it as root) or `apt-get install -y chromium`.");
        }

        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // German date inputs and number formats, as the cash office sees them.
            Args = ["--lang=de-DE"],
        }).ConfigureAwait(false);
    }
}
