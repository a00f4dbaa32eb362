using Hangfire.Dashboard;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Service.Dashboard;

/// <summary>Serves a run report or booking file from the outbox; only names of that form, nothing else from the disk.</summary>
internal sealed class OutboxFileDispatcher : IDashboardDispatcher
{
    public const string Route = @"/laeufe/datei/(?<name>[A-Z]+_\d{8}_\d{4}\.(csv|json|html))";

    public static string Path(string fileName) => "/laeufe/datei/" + fileName;

    public async Task Dispatch(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        var name = context.UriMatch.Groups["name"].Value;
        if (!RunsPage.OutboxFileName().IsMatch(name) || RunsPage.OutboxFileName().Match(name).Value != name)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var options = http.RequestServices.GetRequiredService<PaymentReconOptions>();
        var path = System.IO.Path.Combine(options.Folders.Outbox, name);
        if (!File.Exists(path))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            await http.Response.WriteAsync("Datei nicht (mehr) im Ausgang.", http.RequestAborted).ConfigureAwait(false);
            return;
        }

        http.Response.ContentType = System.IO.Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".json" => "application/json; charset=utf-8",
            _ => "text/csv; charset=utf-8",
        };
        if (!name.EndsWith(".html", StringComparison.Ordinal))
        {
            http.Response.Headers.ContentDisposition = "attachment; filename=\"" + name + "\"";
        }

        await http.Response.SendFileAsync(path, http.RequestAborted).ConfigureAwait(false);
    }
}
