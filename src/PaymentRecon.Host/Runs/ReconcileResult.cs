using PaymentRecon.Data.Reconciliation;

namespace PaymentRecon.Host.Runs;

/// <summary>Every decision one run stored, for its report.</summary>
internal sealed record ReconcileResult(IReadOnlyList<DecisionToStore> Decisions);
