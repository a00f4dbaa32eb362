using System.Globalization;
using System.Text;
using Hangfire.Dashboard;
using PaymentRecon.Data.Klaerfaelle;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Service.Dashboard;

/// <summary>
/// The audit trail of all Klärfälle of a period as CSV for the Rechnungsprüfung
/// (<c>/klaerfaelle/protokoll.csv?von=JJJJ-MM-TT&amp;bis=JJJJ-MM-TT</c>). Every dashboard role may
/// download it, viewers too: auditors are typically given the read-only role, and the file shows
/// nothing the pages do not already show them.
/// </summary>
internal sealed class KlaerfallAuditCsvDispatcher : IDashboardDispatcher
{
    public const string Route = @"/klaerfaelle/protokoll\.csv";

    public async Task Dispatch(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        if (!HttpMethods.IsGet(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (!TryDate(http.Request.Query["von"], out var from) || !TryDate(http.Request.Query["bis"], out var to) || to < from)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync("Zeitraum fehlt oder ist ungültig: von=JJJJ-MM-TT&bis=JJJJ-MM-TT, von nicht nach bis.", http.RequestAborted).ConfigureAwait(false);
            return;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(http.RequestServices.GetRequiredService<PaymentReconOptions>().TimeZone);
        var name = string.Create(CultureInfo.InvariantCulture, $"KLAERFALL_PROTOKOLL_{from:yyyyMMdd}_{to:yyyyMMdd}.csv");
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"" + name + "\"";
        // UTF-8 with BOM: Excel, which auditors open it with, reads umlauts correctly only then.
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 65536, leaveOpen: true);
        await http.RequestServices.GetRequiredService<KlaerfallQueries>().WriteAuditCsvAsync(from, to, zone, writer, http.RequestAborted).ConfigureAwait(false);
        await writer.FlushAsync(http.RequestAborted).ConfigureAwait(false);
    }

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
