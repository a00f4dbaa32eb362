using System.Net.Sockets;
using Hangfire;
using Hangfire.Server;
using Hangfire.States;
using Npgsql;
using PaymentRecon.Data;
using PaymentRecon.Data.Service;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Host.Runs;

namespace PaymentRecon.Host.Service;

/// <summary>
/// One step of a nightly run as a Hangfire job of its own. It takes the run's id and the step's
/// name (never data: what the step needs is in the database), holds the date's lease under the
/// run's name while it works, queues the next step when it is done, and after the last step
/// finishes the run and gives the date back. A step that is done already (a job fetched twice, a
/// retry after a crash) is not done again.
/// </summary>
/// <remarks>Retried like <see cref="NightlyJob"/>: infrastructure failures with growing delays, data errors never.</remarks>
[Queue(NightlyJob.QueueName)]
[AutomaticRetry(
    Attempts = 6,
    DelaysInSeconds = new[] { 30, 60, 300, 900, 1800, 3600 },
    OnlyOn = new[] { typeof(NpgsqlException), typeof(SocketException), typeof(TimeoutException), typeof(IOException), typeof(RunLeaseHeldException) })]
internal sealed partial class NightlyStepJob
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PaymentReconOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly IBackgroundJobClient _jobs;
    private readonly ILogger<NightlyStepJob> _logger;

    public NightlyStepJob(NpgsqlDataSource dataSource, PaymentReconOptions options, ILoggerFactory loggerFactory, TimeProvider time, IBackgroundJobClient jobs)
    {
        _dataSource = dataSource;
        _options = options;
        _loggerFactory = loggerFactory;
        _time = time;
        _jobs = jobs;
        _logger = loggerFactory.CreateLogger<NightlyStepJob>();
    }

    /// <summary>Queues <paramref name="step"/> of run <paramref name="runId"/>; returns the job's id.</summary>
    public static string Queue(IBackgroundJobClient jobs, long runId, string step)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return jobs.Create<NightlyStepJob>(job => job.ExecuteAsync(runId, step, null, CancellationToken.None), new EnqueuedState(NightlyJob.QueueName));
    }

    private static readonly TimeSpan StepLockPatience = TimeSpan.FromSeconds(10);

    /// <summary>How long the lease waits for the next step's job: a few lease durations.</summary>
    public static TimeSpan ParkedLease(ServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.LeaseDuration * 5;
    }

    [JobDisplayName("Nachtlauf {0}: Schritt {1}")]
    public async Task ExecuteAsync(long runId, string step, PerformContext? context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!RunSteps.IsKnown(step))
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "Not a step of the nightly run.");
        }

        var jobId = context.BackgroundJob.Id;
        await using var log = JobLog.Begin(jobId, new JobLogStore(_dataSource), _time);
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["JobId"] = jobId, ["RunId"] = runId, ["Step"] = step });
        context.SetJobParameter("RunId", runId);

        var runs = new RunStore(_dataSource);
        var run = await runs.FindAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Run {runId} does not exist.");
        if (run.Status != "running")
        {
            LogRunFinishedAlready(runId, step);
            return;
        }

        HeldLease lease;
        try
        {
            lease = await HeldLease.AcquireAsync(_dataSource, run.BusinessDate, RunHolder.Run(runId), _options.Service.LeaseDuration, _logger, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (RunLeaseHeldException held)
        {
            // The chain was broken long enough for its lease to expire, and another run (or the
            // command line) took the date: that run does the remaining work, every step being
            // idempotent. This one ends where its last step ended, so runs of a date never overlap.
            await runs.AbandonAsync(runId, $"Geschäftstag von {held.Holder ?? "einem anderen Lauf"} übernommen; dieser Lauf endet nach seinem letzten Schritt.", cancellationToken).ConfigureAwait(false);
            LogRunAbandoned(runId, step, held.Holder);
            return;
        }

        await using var heldLease = lease;
        var nightly = new NightlyRun(_dataSource, _options, _loggerFactory, _time);
        await using (var stepLock = await TakeStepLockAsync(runId, run.BusinessDate, cancellationToken).ConfigureAwait(false))
        {
            if ((await runs.FindAsync(runId, cancellationToken).ConfigureAwait(false))?.Status != "running")
            {
                // The run ended while this job waited for it; the lease this job just took is not needed.
                await lease.ReleaseAsync().ConfigureAwait(false);
                LogRunFinishedAlready(runId, step);
                return;
            }

            await nightly.ExecuteStepAsync(runId, step, NightlyJob.Folders(_options), jobId, lease.Token).ConfigureAwait(false);
        }

        // The step lock is given back before the next job is queued: that job may start at once
        // on another server and must not find the lock still held.
        if (RunSteps.Next(step) is { } next)
        {
            await lease.ParkAsync(ParkedLease(_options.Service), cancellationToken).ConfigureAwait(false);
            var nextJobId = Queue(_jobs, runId, next);
            LogNextQueued(runId, next, nextJobId);
            return;
        }

        // Finished before the date is given back, so runs of one date never overlap; a crash in
        // between leaves a lease that expires on its own.
        var result = await nightly.FinishAsync(runId, lease.Token).ConfigureAwait(false);
        await lease.ReleaseAsync().ConfigureAwait(false);
        LogRunDone(runId, result.ExitCode);
    }

    /// <summary>
    /// The run's step lock, waiting a little for a job of the same run that is just finishing;
    /// a job that still holds it after that (a duplicate executing a step) makes this one retry later.
    /// </summary>
    private async Task<RunStepLock> TakeStepLockAsync(long runId, DateOnly businessDate, CancellationToken cancellationToken)
    {
        var deadline = _time.GetTimestamp();
        while (true)
        {
            if (await RunStepLock.TryTakeAsync(_dataSource, runId, cancellationToken).ConfigureAwait(false) is { } taken)
            {
                return taken;
            }

            if (_time.GetElapsedTime(deadline) > StepLockPatience)
            {
                throw new RunLeaseHeldException(businessDate, $"another job of run {runId}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: next step {Step} queued as job {NextJobId}")]
    private partial void LogNextQueued(long runId, string step, string nextJobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} abandoned before step {Step}: its business date is held by {Holder}, whose run does the rest")]
    private partial void LogRunAbandoned(long runId, string step, string? holder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} is finished already; step {Step} has nothing to do")]
    private partial void LogRunFinishedAlready(long runId, string step);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} finished (exit code {ExitCode}); business date released")]
    private partial void LogRunDone(long runId, int exitCode);
}
