namespace PaymentRecon.BrowserTests.Infrastructure;

/// <summary>Selectors of our dashboard pages (ReconPage: the content column below the page header).</summary>
internal static class DashboardPages
{
    /// <summary>Every POST form in a page's content (GET forms, such as filters and searches, change nothing).</summary>
    public const string ContentActions = "div.col-md-12:has(> h1.page-header) form[method=post]";
}
