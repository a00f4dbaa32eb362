using Npgsql;
using PaymentRecon.Data.Service;

namespace PaymentRecon.Host.Runs;

/// <summary>
/// The lease on a business date (<c>recon.run_lease</c>) while this process works on it: renewed
/// in the background, and when it is lost anyway (the database was unreachable for longer than the
/// lease lasts and somebody else took over) <see cref="Token"/> is cancelled, so the work stops
/// rather than going on twice. Disposing stops the renewal; only <see cref="ReleaseAsync"/> gives
/// the date back (a step of the service's run keeps it for the next step).
/// </summary>
internal sealed partial class HeldLease : IAsyncDisposable
{
    private readonly RunLeaseStore _leases;
    private readonly DateOnly _businessDate;
    private readonly TimeSpan _duration;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _lost;
    private readonly CancellationTokenSource _stopRenewing = new();
    private readonly Task _renewal;
    private string _holder;

    private HeldLease(RunLeaseStore leases, DateOnly businessDate, string holder, TimeSpan duration, ILogger logger, TimeProvider time, CancellationToken cancellationToken)
    {
        _leases = leases;
        _businessDate = businessDate;
        _holder = holder;
        _duration = duration;
        _logger = logger;
        _time = time;
        _lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _renewal = RenewAsync();
    }

    /// <summary>Cancelled when the caller cancels or the lease is lost.</summary>
    public CancellationToken Token => _lost.Token;

    /// <summary>
    /// Takes the lease for <paramref name="holder"/>: when it is free or expired, already held by
    /// <paramref name="holder"/>, or held by a command-line run on this machine whose process is gone.
    /// </summary>
    /// <exception cref="RunLeaseHeldException">Somebody else holds the date.</exception>
    public static async Task<HeldLease> AcquireAsync(
        NpgsqlDataSource dataSource, DateOnly businessDate, string holder, TimeSpan duration, ILogger logger, TimeProvider time, CancellationToken cancellationToken)
    {
        var leases = new RunLeaseStore(dataSource);
        if (!await leases.TryAcquireAsync(businessDate, holder, duration, cancellationToken).ConfigureAwait(false))
        {
            var current = await leases.FindAsync(businessDate, cancellationToken).ConfigureAwait(false);
            if (!RunHolder.IsDeadLocalCommandLine(current?.Holder)
                || !await leases.TakeOverAsync(businessDate, current!.Holder, holder, duration, cancellationToken).ConfigureAwait(false))
            {
                LogLeaseHeld(logger, businessDate, current?.Holder);
                throw new RunLeaseHeldException(businessDate, current?.Holder);
            }

            LogLeaseTakenOver(logger, businessDate, current.Holder);
        }

        LogLeaseTaken(logger, businessDate, holder);
        return new HeldLease(leases, businessDate, holder, duration, logger, time, cancellationToken);
    }

    /// <summary>Passes the lease to another holder name (a job's lease becomes its run's); false when it was lost.</summary>
    public async Task<bool> HandOverAsync(string holder, CancellationToken cancellationToken)
    {
        if (!await _leases.TakeOverAsync(_businessDate, _holder, holder, _duration, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        _holder = holder;
        return true;
    }

    /// <summary>
    /// Stops renewing and leaves the lease to the next job of the chain for <paramref name="duration"/>:
    /// long enough for a queued job to be fetched by any server under load, short enough that a
    /// broken chain does not block the date for long. False when the lease was lost meanwhile.
    /// </summary>
    public async Task<bool> ParkAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        await StopRenewingAsync().ConfigureAwait(false);
        return await _leases.RenewAsync(_businessDate, _holder, duration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives the date back at once; the caller's token is not used, a cancelled run must still release.</summary>
    public async Task ReleaseAsync()
    {
        await StopRenewingAsync().ConfigureAwait(false);
        using var release = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _leases.ReleaseAsync(_businessDate, _holder, release.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException)
        {
            // The lease then expires on its own.
            LogReleaseFailed(_logger, _businessDate, exception.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopRenewingAsync().ConfigureAwait(false);
        _lost.Dispose();
        _stopRenewing.Dispose();
    }

    private async Task StopRenewingAsync()
    {
        if (!_stopRenewing.IsCancellationRequested)
        {
            await _stopRenewing.CancelAsync().ConfigureAwait(false);
        }

        await _renewal.ConfigureAwait(false);
    }

    private async Task RenewAsync()
    {
        var stop = _stopRenewing.Token;
        var interval = _duration / 3;
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
                if (await _leases.RenewAsync(_businessDate, _holder, _duration, stop).ConfigureAwait(false))
                {
                    lastRenewed = _time.GetTimestamp();
                    continue;
                }

                LogLeaseLost(_logger, _businessDate, _holder);
                await _lost.CancelAsync().ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException exception)
            {
                // Keep trying while the lease may still be ours; past its end somebody else may hold the date.
                LogRenewalFailed(_logger, _businessDate, exception.Message);
                if (_time.GetElapsedTime(lastRenewed) >= _duration)
                {
                    LogLeaseLost(_logger, _businessDate, _holder);
                    await _lost.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Business date {BusinessDate:yyyy-MM-dd} was held by {DeadHolder}, whose process is gone; taking it over")]
    private static partial void LogLeaseTakenOver(ILogger logger, DateOnly businessDate, string deadHolder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lease on business date {BusinessDate:yyyy-MM-dd} taken by {Holder}")]
    private static partial void LogLeaseTaken(ILogger logger, DateOnly businessDate, string holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Business date {BusinessDate:yyyy-MM-dd} is held by {Holder}; not running it now")]
    private static partial void LogLeaseHeld(ILogger logger, DateOnly businessDate, string? holder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lease on business date {BusinessDate:yyyy-MM-dd} lost by {Holder}; cancelling the run")]
    private static partial void LogLeaseLost(ILogger logger, DateOnly businessDate, string holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lease on {BusinessDate:yyyy-MM-dd} failed: {Reason}")]
    private static partial void LogRenewalFailed(ILogger logger, DateOnly businessDate, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing the lease on {BusinessDate:yyyy-MM-dd} failed ({Reason}); it expires on its own")]
    private static partial void LogReleaseFailed(ILogger logger, DateOnly businessDate, string reason);
}
