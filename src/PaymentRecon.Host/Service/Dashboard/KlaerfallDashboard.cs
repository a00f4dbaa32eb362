using System.Globalization;
using Hangfire.Dashboard;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using PaymentRecon.Data.Klaerfaelle;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Host.Runs;

namespace PaymentRecon.Host.Service.Dashboard;

/// <summary>
/// The Klärfälle part of the dashboard: the worklist and Klärfall pages, their commands, the audit
/// CSV, "Export jetzt", and the menu item whose badge shows the number of open Klärfälle.
/// Called once from <see cref="DashboardRegistration"/> (Hangfire's routes and menu are process-wide).
/// </summary>
internal static class KlaerfallDashboard
{
    public const string ExportNowCommand = "/klaerfaelle/export";

    private static readonly TimeSpan CountLifetime = TimeSpan.FromSeconds(10);
    private static readonly Lock CountLock = new();
    private static (int Count, long At) _openCount = (0, -1);

    /// <summary>Open Klärfälle, for the menu badge: counted at most every 10 s (every page and the stats poll ask).</summary>
    private static readonly DashboardMetric OpenMetric = new("paymentrecon:klaerfaelle-offen", "Offene Klärfälle", page =>
    {
        var count = OpenCount(page.Context.GetHttpContext());
        return new Metric(count) { Style = count > 0 ? MetricStyle.Warning : MetricStyle.Default, Highlighted = count > 0 };
    });

    /// <summary>What the pages and commands read and call (kept if the host registered them already).</summary>
    public static IServiceCollection AddKlaerfallPages(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new KlaerfallQueries(sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddSingleton(sp => new KlaerfallActions(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<PaymentReconOptions>().Klaerfaelle.Policy));
        return services;
    }

    public static void Register()
    {
        DashboardRoutes.Routes.AddRazorPage(KlaerfaellePage.Route, _ => new KlaerfaellePage());
        DashboardRoutes.Routes.Add(KlaerfallAuditCsvDispatcher.Route, new KlaerfallAuditCsvDispatcher());
        DashboardRoutes.Routes.AddRazorPage(KlaerfallDetailPage.Route, match => new KlaerfallDetailPage(long.Parse(match.Groups["id"].Value, CultureInfo.InvariantCulture)));
        foreach (var (route, roles, handler) in KlaerfallCommands.All())
        {
            DashboardRoutes.Routes.Add(route, new ReconCommandDispatcher(roles, "/klaerfaelle/{id}", async (context, http) =>
            {
                var notice = await handler(context, http).ConfigureAwait(false);
                ForgetOpenCount();
                return notice;
            }));
        }

        DashboardRoutes.Routes.Add(ExportNowCommand, new ReconCommandDispatcher(ServiceRoles.Operator, KlaerfaellePage.Route, ExportNowAsync));
        DashboardRoutes.Routes.Add(DirectDebitCommands.Route, new ReconCommandDispatcher(ServiceRoles.Clerk, KlaerfaellePage.Route, DirectDebitCommands.DecideAsync));
        DashboardMetrics.AddMetric(OpenMetric);
        NavigationMenu.Items.Add(page => new MenuItem("Klärfälle", page.Url.To(KlaerfaellePage.Route))
        {
            Active = page.RequestPath.StartsWith(KlaerfaellePage.Route, StringComparison.OrdinalIgnoreCase),
            Metric = OpenMetric,
        });
    }

    private static int OpenCount(HttpContext http)
    {
        var now = Environment.TickCount64;
        lock (CountLock)
        {
            if (_openCount.At >= 0 && now - _openCount.At < (long)CountLifetime.TotalMilliseconds)
            {
                return _openCount.Count;
            }
        }

        var count = http.RequestServices.GetRequiredService<KlaerfallQueries>().OpenCountAsync(http.RequestAborted).GetAwaiter().GetResult();
        lock (CountLock)
        {
            _openCount = (count, now);
        }

        return count;
    }

    /// <summary>A command changed the Klärfälle: the badge counts again on the next page.</summary>
    private static void ForgetOpenCount()
    {
        lock (CountLock)
        {
            _openCount = (0, -1);
        }
    }

    /// <summary>
    /// "Export jetzt": every approved, not yet exported booking line into a booking file now
    /// (<see cref="ExportNow"/>: under the run lease of today's business date, control sum first,
    /// exactly once), so approved assignments reach the HKR without waiting for the night.
    /// </summary>
    private static async Task<string> ExportNowAsync(DashboardContext context, HttpContext http)
    {
        var services = http.RequestServices;
        var options = services.GetRequiredService<PaymentReconOptions>();
        var time = services.GetRequiredService<TimeProvider>();
        var today = NightlyJob.BusinessDateOf(time.GetUtcNow(), options.TimeZone);
        var folders = new RunFolders(options.Folders.Inbox, options.Folders.Outbox, options.Folders.Archive, options.Folders.Quarantine);
        var holder = string.Create(CultureInfo.InvariantCulture, $"dashboard:{Environment.MachineName}:{Environment.ProcessId}:{ReconCommandDispatcher.UserName(http)}");
        try
        {
            var result = await new ExportNow(services.GetRequiredService<NpgsqlDataSource>(), options, services.GetRequiredService<ILoggerFactory>(), time)
                .ExecuteAsync(today, folders, holder, ReconCommandDispatcher.UserName(http), "dashboard", http.RequestAborted).ConfigureAwait(false);
            return result.Message;
        }
        catch (RunLeaseHeldException)
        {
            return $"Nicht exportiert: für {DashboardFormat.Date(today)} läuft gerade ein Lauf; er exportiert die freigegebenen Zuordnungen selbst. Später erneut versuchen.";
        }
    }
}
