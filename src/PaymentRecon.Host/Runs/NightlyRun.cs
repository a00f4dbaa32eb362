using System.Globalization;
using System.Text.Json;
using Npgsql;
using PaymentRecon.Data;
using PaymentRecon.Host.Cli;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Runs;

/// <summary>
/// The nightly job: the same code for <c>paymentrecon run</c> and the scheduled Hangfire job.
/// Each step commits on its own, so a run killed at any moment leaves only whole steps behind and
/// the next run picks up from there.
/// </summary>
public sealed partial class NightlyRun
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PaymentReconOptions _options;
    private readonly ILogger<NightlyRun> _logger;
    private readonly TimeProvider _time;

    public NightlyRun(NpgsqlDataSource dataSource, PaymentReconOptions options, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _dataSource = dataSource;
        _options = options;
        _logger = loggerFactory.CreateLogger<NightlyRun>();
        _time = time;
    }

    public async Task<RunResult> ExecuteAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        await new MigrationRunner(_dataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);
        request.Folders.EnsureExist();

        var runs = new RunStore(_dataSource);
        var runId = await runs.StartAsync(request.BusinessDate, TriggerName(request.Trigger), cancellationToken).ConfigureAwait(false);
        LogRunStarted(runId, request.BusinessDate, request.Trigger);

        var rejectedFiles = 0;
        rejectedFiles += await new ProvidersAndSepaStep(_dataSource, _options, _logger).ExecuteAsync(runId, request, cancellationToken).ConfigureAwait(false);
        var status = rejectedFiles == 0 ? "succeeded" : "succeeded_with_rejections";
        var summary = new Dictionary<string, object>
        {
            ["runId"] = runId,
            ["businessDate"] = request.BusinessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["rejectedFiles"] = rejectedFiles,
        };
        await runs.FinishAsync(runId, status, JsonSerializer.Serialize(summary), cancellationToken).ConfigureAwait(false);

        var elapsed = _time.GetElapsedTime(started);
        LogRunFinished(runId, status, elapsed.TotalSeconds);
        return new RunResult(
            runId,
            rejectedFiles == 0 ? ExitCodes.Done : ExitCodes.DoneWithRejectedFiles,
            string.Create(CultureInfo.InvariantCulture, $"Run {runId} for {request.BusinessDate:yyyy-MM-dd}: {status}, {rejectedFiles} file(s) rejected, {elapsed.TotalSeconds:0.0} s."));
    }

    private static string TriggerName(RunTrigger trigger) => trigger switch
    {
        RunTrigger.CommandLine => "cli",
        RunTrigger.Schedule => "schedule",
        RunTrigger.Rerun => "rerun",
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, null),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} started for business date {BusinessDate:yyyy-MM-dd} ({Trigger})")]
    private partial void LogRunStarted(long runId, DateOnly businessDate, RunTrigger trigger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} finished: {Status} in {Seconds:0.0} s")]
    private partial void LogRunFinished(long runId, string status, double seconds);
}
