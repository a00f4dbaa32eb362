using System.Globalization;
using System.Text.Json;
using Dapper;
using Npgsql;
using PaymentRecon.Data;
using PaymentRecon.Data.Booking;
using PaymentRecon.Data.Reconciliation;
using PaymentRecon.Data.Service;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Runs;

/// <summary>
/// "Export now" for the operator: writes every booking line not yet exported (e.g. Klärfälle just
/// approved) into a booking file at once instead of with the nightly run. Under the run lease of
/// the business date, with the control sum over the statements of those lines checked first, and
/// through the nightly run's own export and report steps; recorded as a run (trigger
/// <c>export</c>) and as an operator action. Exactly once like every export: a line is never
/// written twice, the nightly run then finds nothing left.
/// </summary>
public sealed partial class ExportNow
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PaymentReconOptions _options;
    private readonly ILogger<ExportNow> _logger;
    private readonly TimeProvider _time;

    public ExportNow(NpgsqlDataSource dataSource, PaymentReconOptions options, ILoggerFactory loggerFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _dataSource = dataSource;
        _options = options;
        _logger = loggerFactory.CreateLogger<ExportNow>();
        _time = time;
    }

    /// <summary>Throws <see cref="RunLeaseHeldException"/> while a run holds the date.</summary>
    /// <param name="holder">Who holds the lease meanwhile (e.g. <see cref="RunHolder.CommandLine"/> or the server name).</param>
    /// <param name="requestedBy">The operator, recorded.</param>
    /// <param name="channel"><c>dashboard</c> or <c>cli</c>.</param>
    public async Task<ExportNowResult> ExecuteAsync(DateOnly businessDate, RunFolders folders, string holder, string requestedBy, string channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folders);
        await new MigrationRunner(_dataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);
        folders.EnsureExist();
        await using var lease = await HeldLease.AcquireAsync(_dataSource, businessDate, holder, _options.Service.LeaseDuration, _logger, _time, cancellationToken).ConfigureAwait(false);
        try
        {
            return await ExportAsync(businessDate, folders, requestedBy, channel, lease.Token).ConfigureAwait(false);
        }
        finally
        {
            await lease.ReleaseAsync().ConfigureAwait(false);
        }
    }

    private async Task<ExportNowResult> ExportAsync(DateOnly businessDate, RunFolders folders, string requestedBy, string channel, CancellationToken cancellationToken)
    {
        var startedAt = _time.GetUtcNow();
        var runs = new RunStore(_dataSource);
        var runId = await runs.StartAsync(businessDate, "export", cancellationToken).ConfigureAwait(false);

        var (bookingFiles, controlSum) = await CheckedExport.RunAsync(
            new BookingExporter(_dataSource, _logger), runId, businessDate, folders.Outbox, ControlSumAsync(cancellationToken), cancellationToken).ConfigureAwait(false);

        var reportStep = new ReportStep(_dataSource);
        var request = new RunRequest(businessDate, RunTrigger.CommandLine, folders);
        var report = await reportStep.BuildAsync(runId, request, startedAt, [], ReconcileSummary.None, controlSum, bookingFiles, cancellationToken).ConfigureAwait(false);
        var reportFile = await reportStep.WriteAsync(runId, report, folders.Outbox, cancellationToken).ConfigureAwait(false);
        var status = controlSum.Violations.Count > 0 ? "failed" : "succeeded";
        await runs.FinishAsync(runId, status, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["runId"] = runId,
            ["businessDate"] = businessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["exportNow"] = true,
            ["requestedBy"] = requestedBy,
            ["controlSumViolations"] = controlSum.Violations.Count,
            ["bookingFiles"] = bookingFiles,
            ["report"] = reportFile,
        }), cancellationToken).ConfigureAwait(false);

        var result = new ExportNowResult(runId, bookingFiles, reportFile, controlSum.Violations);
        await new OperatorActionStore(_dataSource).RecordAsync(new OperatorAction
        {
            Action = "export", BusinessDate = businessDate, RequestedBy = requestedBy, Channel = channel,
            Outcome = result.Exported ? (bookingFiles.Count == 0 ? "nichts zu exportieren" : string.Join(", ", bookingFiles)) : "Kontrollsumme verletzt, nicht exportiert",
        }, cancellationToken).ConfigureAwait(false);
        LogExported(runId, bookingFiles.Count, controlSum.Violations.Count);
        return result;
    }

    private async Task<(IReadOnlyDictionary<long, Booking.ControlSumStatement> Statements, IReadOnlyList<Booking.ControlSumViolation> Violations)> ControlSumAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var statements = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT DISTINCT statement_id FROM recon.export_queue WHERE statement_id IS NOT NULL", cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        return await ControlSumQueries.CheckAsync(connection, statements, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Export now (run {RunId}): {Files} booking file(s) written, {Violations} control-sum violation(s)")]
    private partial void LogExported(long runId, int files, int violations);
}
