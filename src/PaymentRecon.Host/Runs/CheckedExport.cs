using PaymentRecon.Booking;
using PaymentRecon.Data.Booking;

namespace PaymentRecon.Host.Runs;

/// <summary>
/// The export of the nightly run and of "export now": the control sum is checked before anything
/// is exported, and a violation stops the export. The new lines are numbered meanwhile on a
/// connection of their own (at a million lines each takes seconds of the server, one on each
/// core); the numbering waits for the verdict before it commits, and a violation rolls it back.
/// </summary>
internal static class CheckedExport
{
    public static async Task<(IReadOnlyList<string> BookingFiles, (IReadOnlyDictionary<long, ControlSumStatement> Statements, IReadOnlyList<ControlSumViolation> Violations) ControlSum)> RunAsync(
        BookingExporter exporter,
        long runId,
        DateOnly businessDate,
        string outbox,
        Task<(IReadOnlyDictionary<long, ControlSumStatement> Statements, IReadOnlyList<ControlSumViolation> Violations)> checking,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<string> bookingFiles;
        try
        {
            bookingFiles = await exporter.ExportAsync(runId, businessDate, outbox, HoldsAsync(checking), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Should the export fail first, the check still ends before the step does; its own
            // error, if any, is not the step's.
            await ((Task)checking).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var controlSum = await checking.ConfigureAwait(false);
        return (controlSum.Violations.Count == 0 ? bookingFiles : [], controlSum);
    }

    private static async Task<bool> HoldsAsync(Task<(IReadOnlyDictionary<long, ControlSumStatement> Statements, IReadOnlyList<ControlSumViolation> Violations)> checking) =>
        (await checking.ConfigureAwait(false)).Violations.Count == 0;
}
