using PaymentRecon.Data.Reconciliation;

namespace PaymentRecon.Host.Runs;

/// <summary>What <see cref="ProviderPayoutBooking"/> left for the matcher, and what it decided itself.</summary>
/// <param name="ForMatching">The receipts the matcher decides: the night's receipts without payouts and fee debits, plus the lines of linked payouts.</param>
/// <param name="Decisions">Payouts (fee lines, release of a held payout), held payouts, fee debits, refunds.</param>
internal sealed record ProviderPlan(IReadOnlyList<ReceiptRow> ForMatching, IReadOnlyList<DecisionToStore> Decisions);
