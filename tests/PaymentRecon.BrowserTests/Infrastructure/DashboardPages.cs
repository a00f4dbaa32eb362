namespace PaymentRecon.BrowserTests.Infrastructure;

/// <summary>Selectors of our dashboard pages (ReconPage: the content column below the page header).</summary>
internal static class DashboardPages
{
    /// <summary>Every form, button and submit input in a page's content, not Hangfire's navigation.</summary>
    public const string ContentActions =
        "div.col-md-12:has(> h1.page-header) form, div.col-md-12:has(> h1.page-header) button, div.col-md-12:has(> h1.page-header) input[type=submit]";
}
