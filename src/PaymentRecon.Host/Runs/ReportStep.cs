using Dapper;
using Npgsql;
using PaymentRecon.Booking;
using PaymentRecon.Camt;
using PaymentRecon.Klaerfaelle;
using PaymentRecon.Data.Files;
using PaymentRecon.Data.Klaerfaelle;
using PaymentRecon.Data.Reconciliation;
using PaymentRecon.Data.Statements;

namespace PaymentRecon.Host.Runs;

/// <summary>
/// Builds the run report (files, per statement balance check and control sum, outcomes, open
/// collective entries, sequence alerts, Klärfälle) and writes <c>BERICHT_JJJJMMTT_NNNN.json</c> and
/// <c>.html</c> into the outbox, each complete or not at all.
/// </summary>
internal sealed class ReportStep
{
    private readonly NpgsqlDataSource _dataSource;

    public ReportStep(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>The control sum of every statement this run imported or booked onto.</summary>
    public async Task<(IReadOnlyDictionary<long, ControlSumStatement> Statements, IReadOnlyList<ControlSumViolation> Violations)> ControlSumAsync(
        long runId, IReadOnlyList<long> reconciledStatementIds, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var statementIds = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT s.id FROM recon.statement s JOIN recon.import_file f ON f.id = s.import_file_id WHERE f.run_id = @runId AND s.message_type = 53 AND s.status = 'imported'",
            new { runId }, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .Concat(reconciledStatementIds)
            .Distinct()
            .ToList();
        return await ControlSumQueries.CheckAsync(connection, statementIds, cancellationToken).ConfigureAwait(false);
    }

    public async Task<RunReport> BuildAsync(
        long runId,
        RunRequest request,
        DateTimeOffset startedAt,
        IReadOnlyList<RunFileOutcome> files,
        ReconcileSummary reconciled,
        (IReadOnlyDictionary<long, ControlSumStatement> Statements, IReadOnlyList<ControlSumViolation> Violations) controlSum,
        IReadOnlyList<string> bookingFiles,
        CancellationToken cancellationToken)
    {
        var queries = new StatementQueries(_dataSource);
        var statements = await queries.StatementsOfRunAsync(runId, cancellationToken).ConfigureAwait(false);
        var alerts = await queries.AlertsOfRunAsync(runId, cancellationToken).ConfigureAwait(false);
        var waiting = await queries.WaitingCollectiveEntriesAsync(cancellationToken).ConfigureAwait(false);

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var openAfter = await connection.QuerySingleAsync<(long Count, decimal Sum)>(new CommandDefinition(
            "SELECT count(*), coalesce(sum(betrag), 0) FROM recon.klaerfall WHERE status = 'offen'", cancellationToken: cancellationToken)).ConfigureAwait(false);

        var refunds = await new KlaerfallQueries(_dataSource).RefundsForRunAsync(runId, cancellationToken).ConfigureAwait(false);

        return new RunReport
        {
            RunId = runId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            BusinessDate = request.BusinessDate,
            StartedAt = startedAt,
            BookingFile = bookingFiles.Count == 0 ? null : string.Join(", ", bookingFiles),
            Files = [.. files.Select(f => new ReportFile(
                f.FileName,
                f.Kind,
                f.Status != InboxFileStatus.Quarantined,
                f.Status == InboxFileStatus.Quarantined ? f.Problems : f.Status == InboxFileStatus.Duplicate ? [f.Summary] : []))],
            Statements = [.. statements.Where(s => s.MessageType != "camt.054").Select(s => new ReportStatement(
                s.StatementId,
                s.AccountKey,
                s.ElectronicSequenceNumber,
                s.LegalSequenceNumber,
                s.Status == "imported" ? Balance(s) : null,
                controlSum.Statements.GetValueOrDefault(s.Id),
                s.Status == "imported" ? null : "Erneute Lieferung (Duplikat): nichts Neues gebucht."))],
            Outcomes = reconciled.Outcomes,
            OutOfScope = [.. reconciled.OutOfScope.Select(e => e.ToReportEntry())],
            PendingBatches = [.. waiting.Select(w => new ReportEntry(w.StatementId, w.BookingDate ?? request.BusinessDate, new Money(w.Amount, Currency.Parse(w.Currency)), ReconciliationStore.CollectiveWaitingRule,
                w.AdditionalInfoMessageId is { } msg ? $"wartet auf camt.054 {msg}" : "wartet auf die Einzelposten"))],
            SequenceAlerts = [.. alerts.Select(a => a.Message)],
            Klaerfaelle = new ReportKlaerfaelle(
                reconciled.KlaerfaelleOpened,
                reconciled.KlaerfaelleOpenedSum,
                reconciled.KlaerfaelleResolved,
                reconciled.KlaerfaelleResolvedSum,
                (int)openAfter.Count,
                openAfter.Sum),
            ControlSumViolations = controlSum.Violations,
            Refunds = [.. refunds.Select(Refund)],
        };
    }

    /// <summary>Writes the report as JSON and HTML; returns the JSON file's name.</summary>
    public async Task<string> WriteAsync(long runId, RunReport report, string outbox, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var sequence = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM recon.run WHERE business_date = (SELECT business_date FROM recon.run WHERE id = @runId) AND id <= @runId",
            new { runId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        Directory.CreateDirectory(outbox);
        var json = Path.Combine(outbox, OutboxFileNames.Report(report.BusinessDate, sequence) + ".json");
        await WriteAtomicallyAsync(json, stream => RunReportWriter.WriteJson(stream, report), cancellationToken).ConfigureAwait(false);
        await WriteAtomicallyAsync(Path.ChangeExtension(json, ".html"), stream => RunReportWriter.WriteHtml(stream, report), cancellationToken).ConfigureAwait(false);
        return Path.GetFileName(json);
    }

    private static async Task WriteAtomicallyAsync(string path, Action<Stream> write, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + ".tmp");
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            write(stream);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static ReportEntry Refund(ApprovedRefund r) => new(
        r.Auszug, r.BookingDate, Money.Eur(r.Betrag), "RUECKZAHLUNG",
        $"Klärfall {r.KlaerfallId}: {r.PayerName ?? "Zahler unbekannt"}, IBAN {r.PayerIban ?? "unbekannt"}; {KlaerfallReasonCodes.Label(r.ReasonCode)}; vorgeschlagen von {r.ProposedBy}, freigegeben von {r.ApprovedBy}");

    private static BalanceCheck Balance(StatementReport s) => new(
        s.BalanceCheck switch
        {
            "ok" => BalanceCheckOutcome.Ok,
            "mismatch" => BalanceCheckOutcome.Mismatch,
            _ => BalanceCheckOutcome.NotPossible,
        },
        s.OpeningBalance,
        s.ClosingBalance,
        s.BookedCreditSum,
        s.BookedDebitSum,
        s.BookedCreditCount,
        s.BookedDebitCount,
        s.BalanceDifference,
        s.BalanceExplanation,
        s.SummaryProblems);
}
