using System.Globalization;
using Hangfire;
using Hangfire.States;
using Npgsql;
using PaymentRecon.Data.Service;

namespace PaymentRecon.Host.Service;

/// <summary>
/// Operators' rerun requests. Asking twice before the first rerun started queues it once (the
/// second request gets the first job); a rerun that runs anyway adds nothing, because the run is
/// idempotent and holds the date's lease.
/// </summary>
internal sealed partial class RerunRequests
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly IBackgroundJobClient _jobs;
    private readonly JobStorage _storage;
    private readonly ILogger<RerunRequests> _logger;

    public RerunRequests(NpgsqlDataSource dataSource, IBackgroundJobClient jobs, JobStorage storage, ILogger<RerunRequests> logger)
    {
        _dataSource = dataSource;
        _jobs = jobs;
        _storage = storage;
        _logger = logger;
    }

    /// <summary>Queues a rerun of <paramref name="businessDate"/>; returns the job and whether it is new.</summary>
    public async Task<(string JobId, bool Queued)> RequestAsync(DateOnly businessDate, string requestedBy, string channel, CancellationToken cancellationToken)
    {
        var actions = new OperatorActionStore(_dataSource);
        var previous = await actions.LatestRerunJobAsync(businessDate, cancellationToken).ConfigureAwait(false);
        if (previous is not null && IsWaiting(previous))
        {
            await actions.RecordAsync(new OperatorAction
            {
                Action = "rerun", BusinessDate = businessDate, RequestedBy = requestedBy, Channel = channel, JobId = previous,
                Outcome = "bereits eingeplant",
            }, cancellationToken).ConfigureAwait(false);
            return (previous, false);
        }

        var date = businessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var jobId = _jobs.Create<NightlyJob>(job => job.RerunAsync(date, requestedBy, null, CancellationToken.None), new EnqueuedState(NightlyJob.QueueName));
        await actions.RecordAsync(new OperatorAction
        {
            Action = "rerun", BusinessDate = businessDate, RequestedBy = requestedBy, Channel = channel, JobId = jobId, Outcome = "eingeplant",
        }, cancellationToken).ConfigureAwait(false);
        LogRerunQueued(businessDate, jobId, channel);
        return (jobId, true);
    }

    private bool IsWaiting(string jobId)
    {
        using var connection = _storage.GetConnection();
        var state = connection.GetStateData(jobId)?.Name;
        return state == EnqueuedState.StateName || state == ScheduledState.StateName || state == AwaitingState.StateName;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rerun of {BusinessDate:yyyy-MM-dd} queued as job {JobId} ({Channel})")]
    private partial void LogRerunQueued(DateOnly businessDate, string jobId, string channel);
}
