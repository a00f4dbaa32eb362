using Dapper;
using Npgsql;
using PaymentRecon.Booking;
using PaymentRecon.Data.Providers;
using PaymentRecon.Data.Reconciliation;
using PaymentRecon.Data.Sepa;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Matching;

namespace PaymentRecon.Host.Runs;

/// <summary>
/// The run report's sections on payment providers and own direct debits: payouts waiting for their
/// report, reports whose payout is overdue, returns of own direct debits and pain.002 rejections.
/// </summary>
internal sealed class ProvidersAndSepaReport
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly ProviderOptions _options;

    public ProvidersAndSepaReport(NpgsqlDataSource dataSource, ProviderOptions options)
    {
        _dataSource = dataSource;
        _options = options;
    }

    public async Task<RunReport> AddToAsync(RunReport report, long runId, DateOnly businessDate, DateTimeOffset runStartedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var pending = await connection.QueryAsync<(string StmtId, long? Seq, DateOnly? BookingDate, decimal Amount, string[] Reasons)>(new CommandDefinition(
            """
            SELECT s.stmt_id, s.electronic_seq, coalesce(e.booking_date, e.value_date), k.betrag, k.reasons
            FROM recon.klaerfall k
            JOIN recon.entry e ON e.id = k.entry_id
            JOIN recon.statement s ON s.id = e.statement_id
            WHERE k.status = 'offen' AND k.rule = @rule
            ORDER BY k.id
            """,
            new { rule = MatchRules.ProviderPayoutWaiting }, cancellationToken: cancellationToken)).ConfigureAwait(false);

        var overdueBefore = businessDate.AddDays(-_options.PayoutMissingAfterDays);
        var missing = await new ProviderQueries(connection).ReportsAwaitingPayoutAsync(overdueBefore, cancellationToken).ConfigureAwait(false);
        var returns = await new DirectDebitReturnStore(connection).OfRunAsync(runId, cancellationToken).ConfigureAwait(false);
        var rejected = await new SepaQueries(connection).RejectedCollectionsAsync(runStartedAt, cancellationToken).ConfigureAwait(false);

        return report with
        {
            PendingPayouts = [.. pending.Select(p => new ReportEntry(
                ReconciliationStore.Auszug(p.StmtId, p.Seq), p.BookingDate ?? businessDate, Money.Eur(p.Amount), MatchRules.ProviderPayoutWaiting,
                p.Reasons.Length > 1 ? p.Reasons[1] : "wartet auf die Abrechnung"))],
            MissingPayouts = [.. missing.Select(p =>
            {
                var since = p.AnnouncedOn ?? p.LastPaymentDate;
                return new ReportMissingPayout(p.Profile, p.PayoutId, (int)p.LineCount, p.ExpectedBankAmount, since, since is { } d ? businessDate.DayNumber - d.DayNumber : 0);
            })],
            DirectDebitReturns = [.. returns.Select(r => new ReportDirectDebitReturn(
                r.BookingDate, r.Kassenzeichen, r.Verfahren, r.AnordnungsNr, r.Betrag, r.Charges, r.ReturnReason, r.EndToEndId, r.MandateId))],
            RejectedDirectDebits = [.. rejected.Select(r => new ReportRejectedDirectDebit(
                r.ReportMessageId, r.Level, r.PaymentInformationId, r.EndToEndId, r.Kassenzeichen, r.Amount, r.DebtorName, r.MandateId, r.ReasonCode, r.ReasonText))],
        };
    }
}
