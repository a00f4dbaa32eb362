using System.Globalization;
using System.Text.Json;
using Npgsql;
using PaymentRecon.Booking;
using PaymentRecon.Data;
using PaymentRecon.Data.Booking;
using PaymentRecon.Data.Files;
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
        var startedAt = _time.GetUtcNow();
        await new MigrationRunner(_dataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);
        request.Folders.EnsureExist();

        var runs = new RunStore(_dataSource);
        var runId = await runs.StartAsync(request.BusinessDate, TriggerName(request.Trigger), cancellationToken).ConfigureAwait(false);
        LogRunStarted(runId, request.BusinessDate, request.Trigger);

        var steps = new Dictionary<string, double>();
        var stepStarted = _time.GetTimestamp();
        void StepDone(string name)
        {
            steps[name] = Math.Round(_time.GetElapsedTime(stepStarted).TotalSeconds, 3);
            stepStarted = _time.GetTimestamp();
        }

        var receivables = await new ReceivablesStep(_dataSource, _options, _logger).ExecuteAsync(runId, request, cancellationToken).ConfigureAwait(false);
        StepDone("receivables");
        FaultPoint.Reached("after-receivables");
        var statements = await new StatementsStep(_dataSource, _options, _logger).ExecuteAsync(runId, request, cancellationToken).ConfigureAwait(false);
        StepDone("statements");
        FaultPoint.Reached("after-statements");
        var providerAndSepaRejected = await new ProvidersAndSepaStep(_dataSource, _options, _logger).ExecuteAsync(runId, request, cancellationToken).ConfigureAwait(false);
        StepDone("providersAndSepa");
        var files = receivables.Select(o => ("Soll", o)).Concat(statements.Select(o => ("Kontoauszug", o))).ToList();
        var rejectedFiles = files.Count(f => f.Item2.Status == InboxFileStatus.Quarantined) + providerAndSepaRejected;

        var reconciled = await new ReconcileStep(_dataSource, _options, _logger).ExecuteAsync(runId, cancellationToken).ConfigureAwait(false);
        StepDone("reconcile");
        FaultPoint.Reached("after-reconcile");

        // The control sum is checked before anything is exported: a violation stops the export.
        var reportStep = new ReportStep(_dataSource);
        var controlSum = await reportStep.ControlSumAsync(runId, reconciled, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> bookingFiles = [];
        if (controlSum.Violations.Count == 0)
        {
            bookingFiles = await new BookingExporter(_dataSource, _logger).ExportAsync(runId, request.BusinessDate, request.Folders.Outbox, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            foreach (var violation in controlSum.Violations)
            {
                LogControlSumViolation(violation.StatementId, violation.EntryReference, violation.Message);
            }
        }

        StepDone("export");
        FaultPoint.Reached("after-export");
        var report = await reportStep.BuildAsync(runId, request, startedAt, files, reconciled, controlSum, bookingFiles, cancellationToken).ConfigureAwait(false);
        report = await new ProvidersAndSepaReport(_dataSource, _options.Providers).AddToAsync(report, runId, request.BusinessDate, startedAt, cancellationToken).ConfigureAwait(false);
        var reportFile = await reportStep.WriteAsync(runId, report, request.Folders.Outbox, cancellationToken).ConfigureAwait(false);

        StepDone("report");
        var status = controlSum.Violations.Count > 0 ? "failed" : rejectedFiles == 0 ? "succeeded" : "succeeded_with_rejections";
        var summary = new Dictionary<string, object>
        {
            ["runId"] = runId,
            ["businessDate"] = request.BusinessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["rejectedFiles"] = rejectedFiles,
            ["files"] = files.Select(f => new { kind = f.Item1, file = f.Item2.FileName, status = f.Item2.Status.ToString(), summary = f.Item2.Summary, movedTo = f.Item2.MovedTo, problems = f.Item2.Problems.Count }).ToList(),
            ["decisions"] = reconciled.Decisions.Count,
            ["klaerfaelleOpened"] = report.Klaerfaelle.Opened,
            ["klaerfaelleResolved"] = report.Klaerfaelle.Resolved,
            ["controlSumViolations"] = controlSum.Violations.Count,
            ["bookingFiles"] = bookingFiles,
            ["report"] = reportFile,
            ["stepSeconds"] = steps,
        };
        await runs.FinishAsync(runId, status, JsonSerializer.Serialize(summary), cancellationToken).ConfigureAwait(false);

        var elapsed = _time.GetElapsedTime(started);
        LogRunFinished(runId, status, elapsed.TotalSeconds);
        var exitCode = controlSum.Violations.Count > 0 ? ExitCodes.CouldNotRun : rejectedFiles == 0 ? ExitCodes.Done : ExitCodes.DoneWithRejectedFiles;
        return new RunResult(runId, exitCode, Describe(runId, request, status, receivables, statements, report, bookingFiles, reportFile, rejectedFiles, elapsed));
    }

    private static string Describe(
        long runId,
        RunRequest request,
        string status,
        IReadOnlyList<InboxFileOutcome> receivables,
        IReadOnlyList<InboxFileOutcome> statements,
        RunReport report,
        IReadOnlyList<string> bookingFiles,
        string reportFile,
        int rejectedFiles,
        TimeSpan elapsed)
    {
        var lines = new List<string>();
        lines.AddRange(receivables.Select(o => InboxFileText.Describe("Soll-Datei", o)));
        lines.AddRange(statements.Select(o => InboxFileText.Describe("Kontoauszug", o)));
        foreach (var outcome in report.Outcomes)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"  {ReportOutcome.Label(outcome.Outcome)} [{outcome.Rule}]: {outcome.Count} / {outcome.Sum:0.00} EUR"));
        }

        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"Klärfälle: {report.Klaerfaelle.Opened} neu, {report.Klaerfaelle.Resolved} nachträglich gebucht, {report.Klaerfaelle.OpenAfterRun} offen ({report.Klaerfaelle.OpenAfterRunSum:0.00} EUR)."));
        lines.AddRange(ProviderAndSepaLines(report));
        foreach (var violation in report.ControlSumViolations)
        {
            lines.Add($"KONTROLLSUMME VERLETZT: {violation.StatementId} {violation.EntryReference}: {violation.Message} Nichts wurde exportiert.");
        }

        lines.Add(bookingFiles.Count == 0 ? "Keine neue Buchungsdatei (nichts Neues zu buchen)." : "Buchungsdatei: " + string.Join(", ", bookingFiles));
        lines.Add("Bericht: " + reportFile);
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"Run {runId} for {request.BusinessDate:yyyy-MM-dd}: {status}, {rejectedFiles} file(s) rejected, {elapsed.TotalSeconds:0.0} s."));
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} started for business date {BusinessDate:yyyy-MM-dd} ({Trigger})")]
    private partial void LogRunStarted(long runId, DateOnly businessDate, RunTrigger trigger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Control sum violated in statement {StatementId} at {EntryReference}: {Problem}; nothing exported")]
    private partial void LogControlSumViolation(string statementId, string entryReference, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} finished: {Status} in {Seconds:0.0} s")]
    private partial void LogRunFinished(long runId, string status, double seconds);
}
