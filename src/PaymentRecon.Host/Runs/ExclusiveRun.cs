using Npgsql;
using PaymentRecon.Data;
using PaymentRecon.Data.Service;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Runs;

/// <summary>
/// Runs <see cref="NightlyRun"/> while holding the lease on its business date, so the command line
/// and any number of servers never process one date at the same time. The lease is renewed while
/// the run goes on; when it is lost anyway (the database was unreachable for longer than the lease
/// lasts and somebody else took over) the run is cancelled rather than continued twice.
/// </summary>
public sealed partial class ExclusiveRun
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PaymentReconOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly ILogger<ExclusiveRun> _logger;

    public ExclusiveRun(NpgsqlDataSource dataSource, PaymentReconOptions options, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _dataSource = dataSource;
        _options = options;
        _loggerFactory = loggerFactory;
        _time = time;
        _logger = loggerFactory.CreateLogger<ExclusiveRun>();
    }

    /// <summary>Throws <see cref="RunLeaseHeldException"/> when another run holds the date.</summary>
    public async Task<RunResult> ExecuteAsync(RunRequest request, string holder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The lease table may be new to this database: migrate before taking it (NightlyRun migrates too; that is a no-op then).
        await new MigrationRunner(_dataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);

        var leases = new RunLeaseStore(_dataSource);
        var duration = _options.Service.LeaseDuration;
        if (!await leases.TryAcquireAsync(request.BusinessDate, holder, duration, cancellationToken).ConfigureAwait(false))
        {
            var current = await leases.FindAsync(request.BusinessDate, cancellationToken).ConfigureAwait(false);
            if (!RunHolder.IsDeadLocalCommandLine(current?.Holder)
                || !await leases.TakeOverAsync(request.BusinessDate, current!.Holder, holder, duration, cancellationToken).ConfigureAwait(false))
            {
                LogLeaseHeld(request.BusinessDate, current?.Holder);
                throw new RunLeaseHeldException(request.BusinessDate, current?.Holder);
            }

            LogLeaseTakenOver(request.BusinessDate, current.Holder);
        }

        LogLeaseTaken(request.BusinessDate, holder);
        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopRenewing = new CancellationTokenSource();
        var renewal = RenewAsync(leases, request.BusinessDate, holder, duration, leaseLost, stopRenewing.Token);
        try
        {
            return await new NightlyRun(_dataSource, _options, _loggerFactory, _time).ExecuteAsync(request, leaseLost.Token).ConfigureAwait(false);
        }
        finally
        {
            await stopRenewing.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
            // Not the caller's token: a cancelled run must still give the date back at once.
            using var release = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await leases.ReleaseAsync(request.BusinessDate, holder, release.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException)
            {
                // The lease then expires on its own.
                LogReleaseFailed(request.BusinessDate, exception.Message);
            }
        }
    }

    private async Task RenewAsync(RunLeaseStore leases, DateOnly businessDate, string holder, TimeSpan duration, CancellationTokenSource leaseLost, CancellationToken stop)
    {
        var interval = duration / 3;
        var lastRenewed = _time.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                if (await leases.RenewAsync(businessDate, holder, duration, stop).ConfigureAwait(false))
                {
                    lastRenewed = _time.GetTimestamp();
                    continue;
                }

                LogLeaseLost(businessDate, holder);
                await leaseLost.CancelAsync().ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException exception)
            {
                // Keep trying while the lease may still be ours; past its end somebody else may hold the date.
                LogRenewalFailed(businessDate, exception.Message);
                if (_time.GetElapsedTime(lastRenewed) >= duration)
                {
                    LogLeaseLost(businessDate, holder);
                    await leaseLost.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Business date {BusinessDate:yyyy-MM-dd} was held by {DeadHolder}, whose process is gone; taking it over")]
    private partial void LogLeaseTakenOver(DateOnly businessDate, string deadHolder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lease on business date {BusinessDate:yyyy-MM-dd} taken by {Holder}")]
    private partial void LogLeaseTaken(DateOnly businessDate, string holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Business date {BusinessDate:yyyy-MM-dd} is held by {Holder}; not running it now")]
    private partial void LogLeaseHeld(DateOnly businessDate, string? holder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lease on business date {BusinessDate:yyyy-MM-dd} lost by {Holder}; cancelling the run")]
    private partial void LogLeaseLost(DateOnly businessDate, string holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lease on {BusinessDate:yyyy-MM-dd} failed: {Reason}")]
    private partial void LogRenewalFailed(DateOnly businessDate, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing the lease on {BusinessDate:yyyy-MM-dd} failed ({Reason}); it expires on its own")]
    private partial void LogReleaseFailed(DateOnly businessDate, string reason);
}
