using PaymentRecon.Booking;
using PaymentRecon.Matching;

namespace PaymentRecon.Host.Runs;

/// <summary>
/// What the report and the export need of a run's reconciliation, small enough to be stored with
/// the step instead of holding every decision until the run ends.
/// </summary>
/// <param name="StatementIds">The statements the decisions booked onto (their control sum is checked before the export).</param>
internal sealed record ReconcileSummary(
    int Decisions,
    IReadOnlyList<long> StatementIds,
    IReadOnlyList<ReportOutcome> Outcomes,
    IReadOnlyList<RunReportEntry> OutOfScope,
    int KlaerfaelleOpened,
    decimal KlaerfaelleOpenedSum,
    int KlaerfaelleResolved,
    decimal KlaerfaelleResolvedSum)
{
    public static ReconcileSummary Of(ReconcileResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var initial = result.Decisions.Where(d => d.Kind == "initial").ToList();
        var opened = initial.Where(d => d.Decision.OpensKlaerfall).ToList();
        var resolved = result.Decisions.Where(d => d.Kind is "retry" or "replaced").ToList();
        return new ReconcileSummary(
            result.Decisions.Count,
            [.. result.Decisions.Select(d => d.Row.StatementId).Distinct().Order()],
            ReportOutcome.Summarise(result.Decisions.Select(d => (d.Decision, d.Row.Receipt.Amount))),
            [.. initial.Where(d => d.Decision.Outcome == MatchOutcome.OutOfScope).Select(d => new RunReportEntry(
                d.Row.Auszug, d.Row.Receipt.BookingDate, d.Row.Receipt.Amount.Amount, d.Row.Receipt.Amount.Currency.Code, d.Decision.Rule,
                d.Row.Receipt.PayerName ?? d.Row.Receipt.AdditionalInformation))],
            opened.Count,
            opened.Sum(d => d.Decision.Bookings.Where(b => b.Satzart == Satzart.Vwg).Sum(b => b.Amount.Amount)),
            resolved.Count,
            resolved.Sum(d => -d.Decision.Bookings.Where(b => b.Satzart == Satzart.Vwg).Sum(b => b.Amount.Amount)));
    }
}
