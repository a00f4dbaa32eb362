using System.Globalization;
using Hangfire.Dashboard;
using Npgsql;
using PaymentRecon.Data.Sepa;

namespace PaymentRecon.Host.Service.Dashboard;

/// <summary>
/// What the cash office did about a returned own direct debit (<c>/klaerfaelle/lastschriften/{id}/STATUS</c>,
/// role clerk): reminder sent, collected again, or nothing more to do. The flag then leaves the
/// open list; who and when is stored with it.
/// </summary>
internal static partial class DirectDebitCommands
{
    public const string Route = @"/klaerfaelle/lastschriften/(?<id>\d+)/(?<status>mahnung|neuer_einzug|erledigt)";

    public static string PathOf(long id, string status) => "/klaerfaelle/lastschriften/" + id.ToString(CultureInfo.InvariantCulture) + "/" + status;

    /// <summary>Button text of each decision.</summary>
    public static string Label(string status) => status switch
    {
        "mahnung" => "Mahnung veranlasst",
        "neuer_einzug" => "Erneut eingezogen",
        "erledigt" => "Erledigt",
        _ => status,
    };

    public static async Task<string> DecideAsync(DashboardContext context, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(http);
        var id = long.Parse(context.UriMatch.Groups["id"].Value, CultureInfo.InvariantCulture);
        var status = context.UriMatch.Groups["status"].Value;
        var user = ReconCommandDispatcher.UserName(http);
        await using var connection = await http.RequestServices.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(http.RequestAborted).ConfigureAwait(false);
        var done = await new DirectDebitReturnStore(connection).DecideAsync(id, status, user, http.RequestAborted).ConfigureAwait(false);
        if (!done)
        {
            return $"Rücklastschrift {id.ToString(CultureInfo.InvariantCulture)} ist nicht mehr offen; nichts geändert.";
        }

        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DirectDebitCommands));
        LogDecided(logger, id, status, user);
        return $"Rücklastschrift {id.ToString(CultureInfo.InvariantCulture)}: „{Label(status)}“ vermerkt.";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Direct debit return flag {Id} set to {Status} by {User}")]
    private static partial void LogDecided(ILogger logger, long id, string status, string user);
}
