using System.Globalization;
using System.Text.Json;
using Npgsql;
using PaymentRecon.Booking;
using PaymentRecon.Data;
using PaymentRecon.Data.Booking;
using PaymentRecon.Data.Files;
using PaymentRecon.Data.Service;
using PaymentRecon.Host.Cli;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Runs;

/// <summary>
/// The nightly job: the same code for <c>paymentrecon run</c> and the scheduled Hangfire job.
/// The command line runs the steps (<see cref="RunSteps"/>) one after the other; the service runs
/// each as a job of its own. Either way each step commits on its own and records its result
/// (<c>recon.run_step</c>), so a run killed at any moment leaves only whole steps behind, a step
/// executed twice does its work once, and the next run picks up from there.
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

    /// <summary>The whole run in this process (the command line).</summary>
    public async Task<RunResult> ExecuteAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await PrepareAsync(request.Folders, cancellationToken).ConfigureAwait(false);
        var runId = await new RunStore(_dataSource).StartAsync(request.BusinessDate, TriggerName(request.Trigger), cancellationToken).ConfigureAwait(false);
        LogRunStarted(runId, request.BusinessDate, request.Trigger);
        foreach (var step in RunSteps.All)
        {
            await ExecuteStepAsync(runId, step, request.Folders, jobId: null, cancellationToken).ConfigureAwait(false);
        }

        return await FinishAsync(runId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Migrates the schema and creates the folders: what every run needs before it starts.</summary>
    public async Task PrepareAsync(RunFolders folders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folders);
        await new MigrationRunner(_dataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);
        folders.EnsureExist();
    }

    /// <summary>Starts the run a Hangfire job asked for, or finds the one it started before it crashed.</summary>
    public async Task<long> StartForJobAsync(RunRequest request, string jobId, string server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await PrepareAsync(request.Folders, cancellationToken).ConfigureAwait(false);
        var runId = await new RunStore(_dataSource).StartForJobAsync(request.BusinessDate, TriggerName(request.Trigger), jobId, server, cancellationToken).ConfigureAwait(false);
        LogRunStarted(runId, request.BusinessDate, request.Trigger);
        return runId;
    }

    /// <summary>
    /// Executes one step of a run, unless it is done already. The run's date and trigger come from
    /// its row, the folders from the caller (the command line's arguments or the configuration).
    /// </summary>
    public async Task ExecuteStepAsync(long runId, string step, RunFolders folders, string? jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folders);
        var steps = new RunStepStore(_dataSource);
        if (await steps.ResultAsync(runId, step, cancellationToken).ConfigureAwait(false) is not null)
        {
            LogStepAlreadyDone(runId, step);
            return;
        }

        var run = await new RunStore(_dataSource).FindAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Run {runId} does not exist.");
        var request = new RunRequest(run.BusinessDate, TriggerOf(run.Trigger), folders);
        var startedAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        if (StatisticsRead(step) is { } tables)
        {
            await TableStatistics.RefreshAsync(_dataSource, tables, cancellationToken).ConfigureAwait(false);
        }

        var result = step switch
        {
            RunSteps.Receivables => RunStepResults.Serialize(new FilesStepResult([.. (await new ReceivablesStep(_dataSource, _options, _logger).ExecuteAsync(runId, request, cancellationToken).ConfigureAwait(false))
                .Select(o => RunFileOutcome.Of("Soll", o))])),
            RunSteps.Statements => RunStepResults.Serialize(new FilesStepResult([.. (await new StatementsStep(_dataSource, _options, _logger).ExecuteAsync(runId, request, cancellationToken).ConfigureAwait(false))
                .Select(o => RunFileOutcome.Of("Kontoauszug", o))])),
            RunSteps.ProvidersAndSepa => RunStepResults.Serialize(new ProvidersAndSepaStepResult(
                await new ProvidersAndSepaStep(_dataSource, _options, _logger).ExecuteAsync(runId, request, cancellationToken).ConfigureAwait(false))),
            RunSteps.Reconcile => RunStepResults.Serialize(ReconcileSummary.Of(
                await new ReconcileStep(_dataSource, _options, _logger).ExecuteAsync(runId, cancellationToken).ConfigureAwait(false))),
            RunSteps.Export => RunStepResults.Serialize(await ExportAsync(runId, request, cancellationToken).ConfigureAwait(false)),
            RunSteps.Report => RunStepResults.Serialize(await ReportAsync(runId, run, request, cancellationToken).ConfigureAwait(false)),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Not a step of the nightly run."),
        };
        var seconds = _time.GetElapsedTime(started).TotalSeconds;
        await steps.RecordAsync(runId, step, jobId, startedAt, seconds, result, cancellationToken).ConfigureAwait(false);
        LogStepDone(runId, step, seconds);
        FaultPoint.Reached("after-" + step);
    }

    // The steps that read in bulk what the steps before them wrote.
    private static IReadOnlyList<string>? StatisticsRead(string step) => step switch
    {
        RunSteps.Reconcile => TableStatistics.ForReconciliation,
        RunSteps.Export => TableStatistics.ForExport,
        _ => null,
    };

    /// <summary>
    /// Writes the run's summary and status from its recorded steps and returns what the caller
    /// prints. Finishing twice (a retried last job) changes nothing.
    /// </summary>
    public async Task<RunResult> FinishAsync(long runId, CancellationToken cancellationToken)
    {
        var run = await new RunStore(_dataSource).FindAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Run {runId} does not exist.");
        var rows = (await new RunStepStore(_dataSource).StepsAsync(runId, cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Step, StringComparer.Ordinal);
        T Result<T>(string step) => rows.TryGetValue(step, out var row)
            ? RunStepResults.Deserialize<T>(row.ResultJson)
            : throw new InvalidOperationException($"Run {runId} cannot finish: step {step} is not done.");

        var files = FilesOf(Result<FilesStepResult>(RunSteps.Receivables), Result<FilesStepResult>(RunSteps.Statements));
        var reconciled = Result<ReconcileSummary>(RunSteps.Reconcile);
        var export = Result<ExportStepResult>(RunSteps.Export);
        var report = Result<ReportStepResult>(RunSteps.Report);
        var rejectedFiles = files.Count(f => f.Status == InboxFileStatus.Quarantined) + Result<ProvidersAndSepaStepResult>(RunSteps.ProvidersAndSepa).Rejected;
        var failed = export.Violations.Count > 0;
        var status = failed ? "failed" : rejectedFiles == 0 ? "succeeded" : "succeeded_with_rejections";
        var summary = new Dictionary<string, object>
        {
            ["runId"] = runId,
            ["businessDate"] = run.BusinessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["rejectedFiles"] = rejectedFiles,
            ["files"] = files.Select(f => new { kind = f.Kind, file = f.FileName, status = f.Status.ToString(), summary = f.Summary, movedTo = f.MovedTo, problems = f.Problems.Count }).ToList(),
            ["decisions"] = reconciled.Decisions,
            ["klaerfaelleOpened"] = report.Klaerfaelle.Opened,
            ["klaerfaelleResolved"] = report.Klaerfaelle.Resolved,
            ["controlSumViolations"] = export.Violations.Count,
            ["bookingFiles"] = export.BookingFiles,
            ["report"] = report.ReportFile,
            ["stepSeconds"] = RunSteps.All.Where(rows.ContainsKey).ToDictionary(s => s, s => rows[s].Seconds, StringComparer.Ordinal),
            ["jobs"] = RunSteps.All.Where(s => rows.TryGetValue(s, out var row) && row.JobId is not null).ToDictionary(s => s, s => rows[s].JobId!, StringComparer.Ordinal),
        };
        await new RunStore(_dataSource).FinishAsync(runId, status, JsonSerializer.Serialize(summary), cancellationToken).ConfigureAwait(false);

        var elapsed = _time.GetUtcNow() - new DateTimeOffset(DateTime.SpecifyKind(run.StartedAt, DateTimeKind.Utc));
        LogRunFinished(runId, status, elapsed.TotalSeconds);
        var exitCode = failed ? ExitCodes.CouldNotRun : rejectedFiles == 0 ? ExitCodes.Done : ExitCodes.DoneWithRejectedFiles;
        return new RunResult(runId, exitCode, Describe(runId, run.BusinessDate, status, files, reconciled, export, report, rejectedFiles, elapsed));
    }

    private async Task<ExportStepResult> ExportAsync(long runId, RunRequest request, CancellationToken cancellationToken)
    {
        var reconciled = await StepResultAsync<ReconcileSummary>(runId, RunSteps.Reconcile, cancellationToken).ConfigureAwait(false);

        // The control sum is checked before anything is exported: a violation stops the export (CheckedExport).
        var checking = new ReportStep(_dataSource).ControlSumAsync(runId, reconciled.StatementIds, cancellationToken);
        var (bookingFiles, controlSum) = await CheckedExport.RunAsync(
            new BookingExporter(_dataSource, _logger), runId, request.BusinessDate, request.Folders.Outbox, checking, cancellationToken).ConfigureAwait(false);
        if (controlSum.Violations.Count > 0)
        {
            foreach (var violation in controlSum.Violations)
            {
                LogControlSumViolation(violation.StatementId, violation.EntryReference, violation.Message);
            }
        }

        return new ExportStepResult(controlSum.Statements, controlSum.Violations, bookingFiles);
    }

    private async Task<ReportStepResult> ReportAsync(long runId, RunRow run, RunRequest request, CancellationToken cancellationToken)
    {
        var files = FilesOf(
            await StepResultAsync<FilesStepResult>(runId, RunSteps.Receivables, cancellationToken).ConfigureAwait(false),
            await StepResultAsync<FilesStepResult>(runId, RunSteps.Statements, cancellationToken).ConfigureAwait(false));
        var reconciled = await StepResultAsync<ReconcileSummary>(runId, RunSteps.Reconcile, cancellationToken).ConfigureAwait(false);
        var export = await StepResultAsync<ExportStepResult>(runId, RunSteps.Export, cancellationToken).ConfigureAwait(false);

        var reportStep = new ReportStep(_dataSource);
        var startedAt = new DateTimeOffset(DateTime.SpecifyKind(run.StartedAt, DateTimeKind.Utc));
        var report = await reportStep.BuildAsync(runId, request, startedAt, files, reconciled, (export.ControlSumStatements, export.Violations), export.BookingFiles, cancellationToken).ConfigureAwait(false);
        report = await new ProvidersAndSepaReport(_dataSource, _options.Providers).AddToAsync(report, runId, request.BusinessDate, startedAt, cancellationToken).ConfigureAwait(false);
        var reportFile = await reportStep.WriteAsync(runId, report, request.Folders.Outbox, cancellationToken).ConfigureAwait(false);
        return new ReportStepResult(reportFile, report.Klaerfaelle, [.. ProviderAndSepaLines(report)]);
    }

    private async Task<T> StepResultAsync<T>(long runId, string step, CancellationToken cancellationToken) =>
        await new RunStepStore(_dataSource).ResultAsync(runId, step, cancellationToken).ConfigureAwait(false) is { } json
            ? RunStepResults.Deserialize<T>(json)
            : throw new InvalidOperationException($"Run {runId}: step {step} must be done before the next one.");

    private static List<RunFileOutcome> FilesOf(FilesStepResult receivables, FilesStepResult statements) =>
        [.. receivables.Files, .. statements.Files];

    private static string Describe(
        long runId,
        DateOnly businessDate,
        string status,
        IReadOnlyList<RunFileOutcome> files,
        ReconcileSummary reconciled,
        ExportStepResult export,
        ReportStepResult report,
        int rejectedFiles,
        TimeSpan elapsed)
    {
        var lines = new List<string>();
        lines.AddRange(files.Select(InboxFileText.Describe));
        foreach (var outcome in reconciled.Outcomes)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"  {ReportOutcome.Label(outcome.Outcome)} [{outcome.Rule}]: {outcome.Count} / {outcome.Sum:0.00} EUR"));
        }

        var klaerfaelle = report.Klaerfaelle;
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"Klärfälle: {klaerfaelle.Opened} neu, {klaerfaelle.Resolved} nachträglich gebucht, {klaerfaelle.OpenAfterRun} offen ({klaerfaelle.OpenAfterRunSum:0.00} EUR)."));
        lines.AddRange(report.SummaryLines);
        foreach (var violation in export.Violations)
        {
            lines.Add($"KONTROLLSUMME VERLETZT: {violation.StatementId} {violation.EntryReference}: {violation.Message} Nichts wurde exportiert.");
        }

        lines.Add(export.BookingFiles.Count == 0 ? "Keine neue Buchungsdatei (nichts Neues zu buchen)." : "Buchungsdatei: " + string.Join(", ", export.BookingFiles));
        lines.Add("Bericht: " + report.ReportFile);
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"Run {runId} for {businessDate:yyyy-MM-dd}: {status}, {rejectedFiles} file(s) rejected, {elapsed.TotalSeconds:0.0} s."));
        return string.Join('\n', lines);
    }

    private static IEnumerable<string> ProviderAndSepaLines(RunReport report)
    {
        if (report.PendingPayouts.Count > 0)
        {
            yield return $"Auszahlungen ohne Abrechnung (verwahrt): {report.PendingPayouts.Count}.";
        }

        if (report.MissingPayouts.Count > 0)
        {
            yield return $"Auszahlung nicht eingegangen: {string.Join(", ", report.MissingPayouts.Select(p => $"{p.Profile} {p.PayoutId}"))}.";
        }

        if (report.DirectDebitReturns.Count > 0)
        {
            yield return $"Rücklastschriften eigener Lastschriften: {report.DirectDebitReturns.Count} (Mahnung oder erneuter Einzug).";
        }

        if (report.RejectedDirectDebits.Count > 0)
        {
            yield return $"Lastschrift abgelehnt: {report.RejectedDirectDebits.Count}.";
        }
    }

    private static string TriggerName(RunTrigger trigger) => trigger switch
    {
        RunTrigger.CommandLine => "cli",
        RunTrigger.Schedule => "schedule",
        RunTrigger.Rerun => "rerun",
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, null),
    };

    private static RunTrigger TriggerOf(string name) => name switch
    {
        "schedule" => RunTrigger.Schedule,
        "rerun" => RunTrigger.Rerun,
        _ => RunTrigger.CommandLine,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} started for business date {BusinessDate:yyyy-MM-dd} ({Trigger})")]
    private partial void LogRunStarted(long runId, DateOnly businessDate, RunTrigger trigger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: step {Step} done in {Seconds:0.0} s")]
    private partial void LogStepDone(long runId, string step, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: step {Step} was done already; not doing it again")]
    private partial void LogStepAlreadyDone(long runId, string step);

    [LoggerMessage(Level = LogLevel.Error, Message = "Control sum violated in statement {StatementId} at {EntryReference}: {Problem}; nothing exported")]
    private partial void LogControlSumViolation(string statementId, string entryReference, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} finished: {Status} in {Seconds:0.0} s")]
    private partial void LogRunFinished(long runId, string status, double seconds);
}
