using System.Globalization;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using Microsoft.AspNetCore.Antiforgery;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Service.Dashboard;

/// <summary>
/// Base of our dashboard pages: Hangfire's layout and navigation, German UTF-8 text, and helpers
/// for tables, notices and POST forms (with antiforgery token and confirmation). Everything that
/// comes from data goes through <see cref="RazorPage.Write(object)"/>, which HTML-encodes.
/// </summary>
internal abstract partial class ReconPage : RazorPage
{
    protected abstract string Title { get; }

    protected HttpContext Http => Context.GetHttpContext();

    protected PaymentReconOptions Options => Service<PaymentReconOptions>();

    protected T Service<T>()
        where T : notnull => Http.RequestServices.GetRequiredService<T>();

    protected bool HasRole(string role) => Http.User.IsInRole(role);

    public override void Execute()
    {
        Layout = new LayoutPage(Title);
        WriteLiteral("<div class=\"row\"><div class=\"col-md-12\"><h1 class=\"page-header\">");
        Write(Title);
        WriteLiteral("</h1>");
        var notice = Http.Request.Query["meldung"].ToString();
        if (notice.Length > 0)
        {
            WriteLiteral("<div class=\"alert alert-info\">");
            Write(notice);
            WriteLiteral("</div>");
        }

        Render();
        WriteLiteral("</div></div>");
    }

    /// <summary>The page body.</summary>
    protected abstract void Render();

    protected void BeginTable(params string[] headers)
    {
        WriteLiteral("<div class=\"table-responsive\"><table class=\"table table-striped table-condensed\"><thead><tr>");
        foreach (var header in headers)
        {
            WriteLiteral("<th>");
            Write(header);
            WriteLiteral("</th>");
        }

        WriteLiteral("</tr></thead><tbody>");
    }

    protected void EndTable() => WriteLiteral("</tbody></table></div>");

    protected void Cell(string? text, string? cssClass = null)
    {
        WriteLiteral(cssClass is null ? "<td>" : $"<td class=\"{cssClass}\">");
        Write(text ?? "");
        WriteLiteral("</td>");
    }

    protected void AmountCell(decimal amount) => Cell(DashboardFormat.Amount(amount), "text-right");

    /// <summary>A link to a path below the dashboard (e.g. <c>/jobs/details/5</c>).</summary>
    protected void Link(string dashboardPath, string text)
    {
        WriteLiteral("<a href=\"");
        Write(Url.To(dashboardPath));
        WriteLiteral("\">");
        Write(text);
        WriteLiteral("</a>");
    }

    protected void Paragraph(string text, string cssClass = "text-muted")
    {
        WriteLiteral($"<p class=\"{cssClass}\">");
        Write(text);
        WriteLiteral("</p>");
    }

    /// <summary>
    /// A POST form to one of our commands (see <see cref="ReconCommandDispatcher"/>) with the
    /// antiforgery token, hidden fields, optional visible inputs written by <paramref name="inputs"/>,
    /// and a confirmation question before it is sent.
    /// </summary>
    protected void PostForm(string dashboardPath, string buttonText, string confirmation, IReadOnlyDictionary<string, string> fields, Action? inputs = null, string buttonClass = "btn-primary")
    {
        ArgumentNullException.ThrowIfNull(fields);
        var tokens = Service<IAntiforgery>().GetAndStoreTokens(Http);
        WriteLiteral("<form method=\"post\" class=\"form-inline\" style=\"display:inline\" action=\"");
        Write(Url.To(dashboardPath));
        WriteLiteral("\" onsubmit=\"return confirm(this.dataset.confirm)\" data-confirm=\"");
        Write(confirmation);
        WriteLiteral("\">");
        Hidden(tokens.FormFieldName, tokens.RequestToken ?? "");
        foreach (var (name, value) in fields)
        {
            Hidden(name, value);
        }

        inputs?.Invoke();
        WriteLiteral($" <button type=\"submit\" class=\"btn btn-sm {buttonClass}\">");
        Write(buttonText);
        WriteLiteral("</button></form>");
    }

    private void Hidden(string name, string value)
    {
        WriteLiteral("<input type=\"hidden\" name=\"");
        Write(name);
        WriteLiteral("\" value=\"");
        Write(value);
        WriteLiteral("\">");
    }

    protected int QueryInt(string name, int fallback) =>
        int.TryParse(Http.Request.Query[name], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
