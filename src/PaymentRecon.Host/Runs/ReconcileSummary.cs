using PaymentRecon.Booking;

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
    /// <summary>No reconciliation (an export on its own, "Export jetzt").</summary>
    public static ReconcileSummary None { get; } = new(0, [], [], [], 0, 0m, 0, 0m);

    public static ReconcileSummary Of(ReconcileResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ReconcileSummary(
            result.DecisionCount,
            [.. result.StatementIds.Order()],
            result.Outcomes,
            [.. result.OutOfScope.Select(d => new RunReportEntry(
                d.Row.Auszug, d.Row.Receipt.BookingDate, d.Row.Receipt.Amount.Amount, d.Row.Receipt.Amount.Currency.Code, d.Decision.Rule,
                d.Row.Receipt.PayerName ?? d.Row.Receipt.AdditionalInformation))],
            result.KlaerfaelleOpened.Count,
            result.KlaerfaelleOpened.Sum,
            result.KlaerfaelleResolved.Count,
            result.KlaerfaelleResolved.Sum);
    }
}
