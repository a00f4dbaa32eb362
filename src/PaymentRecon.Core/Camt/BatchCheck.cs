using System.Globalization;

namespace PaymentRecon.Camt;

/// <summary>
/// Whether a collective entry (<see cref="Entry.IsBatch"/>) is complete: the signed amounts of its
/// <c>TxDtls</c> add up to the entry amount, their number equals <c>Btch/NbOfTxs</c>, and
/// <c>Btch/TtlAmt</c> equals the entry amount. A failure does not reject the file: matching sends
/// the whole batch to a Klärfall instead of booking some of its items.
/// </summary>
/// <param name="StatedCount">Sum of <c>Btch/NbOfTxs</c>; null when no batch states a count.</param>
/// <param name="TransactionCount">Number of <c>TxDtls</c> in the entry.</param>
/// <param name="TransactionSum">Sum of the signed transaction amounts; null when one has no amount or another currency.</param>
/// <param name="Problems">Each disagreement in words; empty when <see cref="Outcome"/> is Ok.</param>
public sealed record BatchCheck(
    BatchCheckOutcome Outcome,
    int? StatedCount,
    int TransactionCount,
    decimal? TransactionSum,
    decimal EntryAmount,
    IReadOnlyList<string> Problems)
{
    /// <summary>Checks <paramref name="entry"/>; null when it is not a collective entry.</summary>
    public static BatchCheck? For(Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!entry.IsBatch)
        {
            return null;
        }

        var problems = new List<string>();
        var stated = entry.Batches.Any(b => b.NumberOfTransactions is not null)
            ? entry.Batches.Sum(b => b.NumberOfTransactions ?? 0)
            : (int?)null;
        var count = entry.Transactions.Count;

        if (entry.Batches.Count == 1 && entry.Batches[0].TotalAmount is { } total
            && (total.Currency != entry.Amount.Currency || Math.Abs(total.Amount) != Math.Abs(entry.Amount.Amount)))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"Btch/TtlAmt is {Math.Abs(total.Amount)} {total.Currency}, the entry amount is {Math.Abs(entry.Amount.Amount)} {entry.Amount.Currency}."));
        }

        if (count == 0)
        {
            var outcome = problems.Count > 0 ? BatchCheckOutcome.Mismatch : BatchCheckOutcome.NotPossible;
            problems.Add(entry.AdditionalInfoMessageId is { } messageId
                ? $"No TxDtls in this file: the items are in the camt.054 with MsgId {messageId}."
                : "No TxDtls in this file: the items are not given.");
            return new BatchCheck(outcome, stated, 0, null, entry.Amount.Amount, problems);
        }

        if (stated is { } expected && expected != count)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Btch/NbOfTxs says {expected}, the entry has {count} TxDtls."));
        }

        decimal? sum = 0m;
        foreach (var transaction in entry.Transactions)
        {
            if (transaction.Amount is not { } amount || amount.Currency != entry.Amount.Currency)
            {
                sum = null;
                break;
            }

            sum += amount.Amount;
        }

        if (sum is null)
        {
            problems.Add("A TxDtls has no amount in the entry's currency: the items cannot be added up.");
            return new BatchCheck(BatchCheckOutcome.NotPossible, stated, count, null, entry.Amount.Amount, problems);
        }

        if (sum.Value != entry.Amount.Amount)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"The TxDtls add up to {sum.Value}, the entry amount is {entry.Amount.Amount} (difference {sum.Value - entry.Amount.Amount})."));
        }

        return new BatchCheck(problems.Count == 0 ? BatchCheckOutcome.Ok : BatchCheckOutcome.Mismatch, stated, count, sum, entry.Amount.Amount, problems);
    }
}
