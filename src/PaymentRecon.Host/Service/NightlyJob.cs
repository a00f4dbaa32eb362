using System.Globalization;
using System.Net.Sockets;
using Hangfire;
using Hangfire.Server;
using Npgsql;
using PaymentRecon.Data;
using PaymentRecon.Data.Service;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Host.Runs;

namespace PaymentRecon.Host.Service;

/// <summary>
/// The Hangfire job that starts a <see cref="NightlyRun"/>. It takes only a date and who asked (never
/// data), takes the business date's lease, creates the run and queues its first step
/// (<see cref="NightlyStepJob"/>); each step then queues the next and the last gives the date back.
/// The server's cancellation is forwarded, so a shutting-down server hands the job back instead of
/// leaving it half done.
/// </summary>
/// <remarks>
/// Only infrastructure failures are retried, with growing delays: a database that is down now may be
/// back in a minute, a lease held by another server is free once that run ends. Everything else
/// (a configuration or data error) fails at once and waits for a person; bad input files never get
/// here, the run quarantines them and goes on.
/// </remarks>
[Queue(QueueName)]
[AutomaticRetry(
    Attempts = 6,
    DelaysInSeconds = new[] { 30, 60, 300, 900, 1800, 3600 },
    OnlyOn = new[] { typeof(NpgsqlException), typeof(SocketException), typeof(TimeoutException), typeof(IOException), typeof(RunLeaseHeldException) })]
internal sealed partial class NightlyJob
{
    public const string QueueName = "recon";

    private readonly NpgsqlDataSource _dataSource;
    private readonly PaymentReconOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly IBackgroundJobClient _jobs;
    private readonly ILogger<NightlyJob> _logger;

    public NightlyJob(NpgsqlDataSource dataSource, PaymentReconOptions options, ILoggerFactory loggerFactory, TimeProvider time, IBackgroundJobClient jobs)
    {
        _dataSource = dataSource;
        _options = options;
        _loggerFactory = loggerFactory;
        _time = time;
        _jobs = jobs;
        _logger = loggerFactory.CreateLogger<NightlyJob>();
    }

    /// <summary>The recurring job. Its business date is the date of the scheduled occurrence, not of "now".</summary>
    [JobDisplayName("Nachtlauf (Zeitplan)")]
    public async Task ScheduledAsync(PerformContext? context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var occurrence = context.GetJobParameter<long?>("Time") is long seconds
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : new DateTimeOffset(context.BackgroundJob.CreatedAt, TimeSpan.Zero);
        var businessDate = BusinessDateOf(occurrence, _options.TimeZone);
        await RunAsync(context, businessDate, RunTrigger.Schedule, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An operator's rerun of one business date (dashboard or re-import).</summary>
    [JobDisplayName("Nachtlauf {0} wiederholen (angefordert von {1})")]
    public async Task RerunAsync(string businessDate, string requestedBy, PerformContext? context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var date = DateOnly.ParseExact(businessDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        await RunAsync(context, date, RunTrigger.Rerun, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The date in the cash office's time zone at which the occurrence falls.</summary>
    public static DateOnly BusinessDateOf(DateTimeOffset occurrence, string timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(occurrence, TimeZoneInfo.FindSystemTimeZoneById(timeZone)).DateTime);

    private async Task RunAsync(PerformContext context, DateOnly businessDate, RunTrigger trigger, CancellationToken cancellationToken)
    {
        var jobId = context.BackgroundJob.Id;
        var server = ServerName(_options.Service);
        await using var log = JobLog.Begin(jobId, new JobLogStore(_dataSource), _time);
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["JobId"] = jobId, ["BusinessDate"] = businessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        LogJobStarted(jobId, businessDate, trigger);

        var request = new RunRequest(businessDate, trigger, Folders(_options));
        var run = new NightlyRun(_dataSource, _options, _loggerFactory, _time);
        // The lease table may be new to this database: migrate before taking it.
        await run.PrepareAsync(request.Folders, cancellationToken).ConfigureAwait(false);

        // A job retried after it had started its run (the server died before the first step was
        // queued) goes on with that run instead of starting a second one.
        var started = new RunJobStore(_dataSource).RunsOfJob(jobId);
        if (started.Count > 0 && await new RunStore(_dataSource).FindAsync(started[^1], cancellationToken).ConfigureAwait(false) is { Status: not "running" } finished)
        {
            LogRunAlreadyFinished(jobId, finished.Id);
            return;
        }

        var holder = started.Count > 0 ? RunHolder.Run(started[^1]) : RunHolder.Job(server, jobId);
        long runId;
        await using (var lease = await HeldLease.AcquireAsync(_dataSource, businessDate, holder, _options.Service.LeaseDuration, _logger, _time, cancellationToken).ConfigureAwait(false))
        {
            runId = await run.StartForJobAsync(request, jobId, server, lease.Token).ConfigureAwait(false);
            if (!await lease.HandOverAsync(RunHolder.Run(runId), cancellationToken).ConfigureAwait(false)
                || !await lease.ParkAsync(NightlyStepJob.ParkedLease(_options.Service), cancellationToken).ConfigureAwait(false))
            {
                throw new RunLeaseHeldException(businessDate, null);
            }
        }

        context.SetJobParameter("RunId", runId);
        var first = NightlyStepJob.Queue(_jobs, runId, RunSteps.All[0]);
        LogJobFinished(jobId, runId, first);
    }

    /// <summary>The folders of the service's runs, from the configuration.</summary>
    public static RunFolders Folders(PaymentReconOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var folders = options.Folders;
        return new RunFolders(folders.Inbox, folders.Outbox, folders.Archive, folders.Quarantine);
    }

    public static string ServerName(ServiceOptions options) =>
        string.IsNullOrWhiteSpace(options.ServerName) ? Environment.MachineName : options.ServerName;

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: nightly run for {BusinessDate:yyyy-MM-dd} ({Trigger})")]
    private partial void LogJobStarted(string jobId, DateOnly businessDate, RunTrigger trigger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} started run {RunId}; its first step is job {StepJobId}")]
    private partial void LogJobFinished(string jobId, long runId, string stepJobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: its run {RunId} is finished already")]
    private partial void LogRunAlreadyFinished(string jobId, long runId);
}
