using System.Globalization;
using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using PaymentRecon.Data.Service;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Service;

/// <summary>
/// <c>/health</c>: the database answers, this process's Hangfire server sends heartbeats, and the
/// latest nightly run finished (not failed, not older than <see cref="ServiceOptions.NightlyRunMaxAge"/>).
/// </summary>
internal sealed class ServiceHealthCheck : IHealthCheck
{
    private static readonly TimeSpan HeartbeatMaxAge = TimeSpan.FromMinutes(2);

    private readonly NpgsqlDataSource _dataSource;
    private readonly JobStorage _storage;
    private readonly PaymentReconOptions _options;
    private readonly TimeProvider _time;

    public ServiceHealthCheck(NpgsqlDataSource dataSource, JobStorage storage, PaymentReconOptions options, TimeProvider time)
    {
        _dataSource = dataSource;
        _storage = storage;
        _options = options;
        _time = time;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>();
        try
        {
            await using var command = _dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            data["database"] = "erreichbar";
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            data["database"] = "nicht erreichbar";
            return HealthCheckResult.Unhealthy("Datenbank nicht erreichbar", data: data);
        }

        var now = _time.GetUtcNow().UtcDateTime;
        var prefix = NightlyJob.ServerName(_options.Service).ToLowerInvariant() + ":" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ":";
        var server = _storage.GetMonitoringApi().Servers().FirstOrDefault(s => s.Name.StartsWith(prefix, StringComparison.Ordinal));
        if (server?.Heartbeat is not { } heartbeat || now - heartbeat > HeartbeatMaxAge)
        {
            data["hangfireServer"] = server is null ? "nicht angemeldet" : "kein Lebenszeichen";
            return HealthCheckResult.Unhealthy("Hangfire-Server ohne Lebenszeichen", data: data);
        }

        data["hangfireServer"] = server.Name;
        data["hangfireHeartbeat"] = heartbeat.ToString("O", CultureInfo.InvariantCulture);

        var latest = await new RunOverviewStore(_dataSource).LatestScheduledAsync(cancellationToken).ConfigureAwait(false);
        if (latest is null)
        {
            data["nightlyRun"] = "noch keiner";
            return HealthCheckResult.Healthy("Noch kein geplanter Nachtlauf", data);
        }

        data["nightlyRun"] = latest.Id;
        data["nightlyRunBusinessDate"] = latest.BusinessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        data["nightlyRunStatus"] = latest.Status;
        if (latest.Status == "failed")
        {
            return HealthCheckResult.Unhealthy("Letzter Nachtlauf fehlgeschlagen", data: data);
        }

        if (latest.FinishedAt is not { } finished)
        {
            return now - latest.StartedAt > _options.Service.NightlyRunMaxAge
                ? HealthCheckResult.Degraded("Nachtlauf läuft ungewöhnlich lange", data: data)
                : HealthCheckResult.Healthy("Nachtlauf läuft", data);
        }

        data["nightlyRunFinishedAt"] = finished.ToString("O", CultureInfo.InvariantCulture);
        return now - finished > _options.Service.NightlyRunMaxAge
            ? HealthCheckResult.Degraded("Letzter Nachtlauf ist zu alt", data: data)
            : HealthCheckResult.Healthy("Letzter Nachtlauf beendet", data);
    }
}
