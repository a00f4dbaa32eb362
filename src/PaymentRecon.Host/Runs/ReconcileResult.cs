using PaymentRecon.Booking;
using PaymentRecon.Data.Reconciliation;

namespace PaymentRecon.Host.Runs;

/// <summary>
/// What one run's reconciliation decided, as far as its report needs it: counts and sums, not
/// every decision (a night may have a million; they are in <c>recon.decision</c>).
/// </summary>
/// <param name="DecisionCount">Decisions stored by this run, of every kind.</param>
/// <param name="StatementIds">Row ids of the statements whose entries were decided on.</param>
/// <param name="Outcomes">Counts and receipt sums by outcome and rule, every kind of decision.</param>
/// <param name="OutOfScope">The matching's out-of-scope decisions (few: fees, outgoing payments), for the report's list.</param>
/// <param name="KlaerfaelleOpened">Klärfälle opened by the matching, and the Verwahrgeld they hold.</param>
/// <param name="KlaerfaelleResolved">Klärfälle of earlier runs settled now (retried, collective replaced), and the Verwahrgeld released.</param>
internal sealed record ReconcileResult(
    int DecisionCount,
    IReadOnlyCollection<long> StatementIds,
    IReadOnlyList<ReportOutcome> Outcomes,
    IReadOnlyList<DecisionToStore> OutOfScope,
    (int Count, decimal Sum) KlaerfaelleOpened,
    (int Count, decimal Sum) KlaerfaelleResolved);
