using System.Globalization;
using System.Net;
using System.Text;
using Hangfire;
using Hangfire.Dashboard;
using PaymentRecon.Data.Service;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Service.Dashboard;

/// <summary>
/// The dashboard at <c>/hangfire</c>: behind the login policy (never Hangfire's local-requests
/// filter), read-only for everybody but operators, plus our pages "Läufe" and "Quarantäne" and our
/// commands. Hangfire's route table and menu are process-wide statics: registered once.
/// </summary>
internal static class DashboardRegistration
{
    public const string PathPrefix = "/hangfire";
    public const string RerunCommand = "/laeufe/wiederholen";
    public const string RequeueCommand = "/quarantaene/einlesen";

    private static readonly Lock RegistrationLock = new();
    private static bool _registered;

    public static IEndpointRouteBuilder MapPaymentReconDashboard(this IEndpointRouteBuilder endpoints)
    {
        RegisterPages();
        endpoints.MapHangfireDashboardWithAuthorizationPolicy(LoginRegistration.DashboardPolicy, PathPrefix, new DashboardOptions
        {
            DashboardTitle = "PaymentRecon",
            AppPath = null,
            DisplayStorageConnectionString = false,
            IgnoreAntiforgeryToken = false,
            IsReadOnlyFunc = context => !context.GetHttpContext().User.IsInRole(ServiceRoles.Operator),
        });
        return endpoints;
    }

    /// <summary>
    /// Hangfire answers <c>text/html</c> without a charset, and browsers then guess wrongly for
    /// German text (Läufe, Quarantäne); its responses are UTF-8, so say so.
    /// </summary>
    public static IApplicationBuilder UseDashboardCharset(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase))
            {
                context.Response.OnStarting(() =>
                {
                    if (context.Response.ContentType is "text/html" or "application/json" or "application/javascript")
                    {
                        context.Response.ContentType += "; charset=utf-8";
                    }

                    return Task.CompletedTask;
                });
            }

            await next(context).ConfigureAwait(false);
        });

    /// <summary>Shows the job's log lines and the run it executed on Hangfire's job page.</summary>
    public static IGlobalConfiguration UsePaymentReconJobDetails(this IGlobalConfiguration configuration) =>
        configuration.UseJobDetailsRenderer(50, dto =>
        {
            var services = dto.Page.Context.GetHttpContext().RequestServices;
            var html = new StringBuilder();
            var runs = services.GetRequiredService<RunJobStore>().RunsOfJob(dto.JobId);
            var lines = services.GetRequiredService<JobLogStore>().Read(dto.JobId, 500);
            if (runs.Count == 0 && lines.Count == 0)
            {
                return new NonEscapedString("");
            }

            var timeZone = services.GetRequiredService<PaymentReconOptions>().TimeZone;
            html.Append("<h3>Lauf</h3><p>");
            foreach (var run in runs)
            {
                html.Append(CultureInfo.InvariantCulture, $"<a href=\"{WebUtility.HtmlEncode(dto.Page.Url.To(RunsPage.Route))}\">Lauf {run}</a> ");
            }

            html.Append("</p><h3>Protokoll</h3><pre style=\"max-height:30em;overflow:auto;font-size:12px\">");
            foreach (var line in lines)
            {
                html.Append(WebUtility.HtmlEncode(DashboardFormat.Timestamp(line.LoggedAt, timeZone)))
                    .Append(' ').Append(WebUtility.HtmlEncode(line.Level))
                    .Append(' ').Append(WebUtility.HtmlEncode(line.Category))
                    .Append(": ").Append(WebUtility.HtmlEncode(line.Message)).Append('\n');
            }

            html.Append("</pre>");
            return new NonEscapedString(html.ToString());
        });

    private static void RegisterPages()
    {
        lock (RegistrationLock)
        {
            if (_registered)
            {
                return;
            }

            _registered = true;
        }

        KlaerfallDashboard.Register();
        DashboardRoutes.Routes.AddRazorPage(RunsPage.Route, _ => new RunsPage());
        DashboardRoutes.Routes.AddRazorPage(QuarantinePage.Route, _ => new QuarantinePage());
        DashboardRoutes.Routes.Add(OutboxFileDispatcher.Route, new OutboxFileDispatcher());
        DashboardRoutes.Routes.Add(RerunCommand, new ReconCommandDispatcher(ServiceRoles.Operator, RunsPage.Route, RerunAsync));
        DashboardRoutes.Routes.Add(RequeueCommand, new ReconCommandDispatcher(ServiceRoles.Operator, QuarantinePage.Route, RequeueAsync));
        NavigationMenu.Items.Add(page => new MenuItem("Läufe", page.Url.To(RunsPage.Route))
        {
            Active = page.RequestPath.StartsWith(RunsPage.Route, StringComparison.OrdinalIgnoreCase),
        });
        NavigationMenu.Items.Add(page => new MenuItem("Quarantäne", page.Url.To(QuarantinePage.Route))
        {
            Active = page.RequestPath.StartsWith(QuarantinePage.Route, StringComparison.OrdinalIgnoreCase),
        });
    }

    private static async Task<string> RerunAsync(DashboardContext context, HttpContext http)
    {
        var text = (await context.Request.GetFormValuesAsync("geschaeftstag").ConfigureAwait(false)).FirstOrDefault() ?? "";
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return "Kein gültiger Geschäftstag: " + text;
        }

        var (jobId, queued) = await http.RequestServices.GetRequiredService<RerunRequests>()
            .RequestAsync(date, ReconCommandDispatcher.UserName(http), "dashboard", http.RequestAborted).ConfigureAwait(false);
        return queued
            ? $"Wiederholung für {DashboardFormat.Date(date)} eingeplant (Job #{jobId})."
            : $"Für {DashboardFormat.Date(date)} wartet bereits eine Wiederholung (Job #{jobId}).";
    }

    private static async Task<string> RequeueAsync(DashboardContext context, HttpContext http)
    {
        var name = (await context.Request.GetFormValuesAsync("datei").ConfigureAwait(false)).FirstOrDefault() ?? "";
        var services = http.RequestServices;
        var user = ReconCommandDispatcher.UserName(http);
        var result = await services.GetRequiredService<QuarantineRequeue>().RequeueAsync(name, user, "dashboard", http.RequestAborted).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return "Nicht eingelesen: " + result.Message;
        }

        var options = services.GetRequiredService<PaymentReconOptions>();
        var date = result.BusinessDate ?? NightlyJob.BusinessDateOf(services.GetRequiredService<TimeProvider>().GetUtcNow(), options.TimeZone);
        var (jobId, _) = await services.GetRequiredService<RerunRequests>().RequestAsync(date, user, "dashboard", http.RequestAborted).ConfigureAwait(false);
        return $"{name} liegt wieder im Eingang; Lauf für {DashboardFormat.Date(date)} eingeplant (Job #{jobId}).";
    }
}
