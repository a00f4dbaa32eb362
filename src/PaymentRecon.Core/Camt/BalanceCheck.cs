using System.Globalization;

namespace PaymentRecon.Camt;

/// <summary>The balance check of one statement and the bank's totals cross-check, with the figures behind them.</summary>
/// <param name="Opening">OPBD, else PRCD; null when neither is given.</param>
/// <param name="Closing">CLBD; null when not given.</param>
/// <param name="BookedCredits">Sum of booked credit entries.</param>
/// <param name="BookedDebits">Sum of booked debit entries, as a positive amount.</param>
/// <param name="Difference">Opening + credits − debits − closing; zero when the check holds; null when not possible.</param>
/// <param name="SummaryProblems">Where <c>TxsSummry</c> disagrees with the entries; empty when it agrees or is absent.</param>
public sealed record BalanceCheck(
    BalanceCheckOutcome Outcome,
    decimal? Opening,
    decimal? Closing,
    decimal BookedCredits,
    decimal BookedDebits,
    int BookedCreditCount,
    int BookedDebitCount,
    decimal? Difference,
    string Explanation,
    IReadOnlyList<string> SummaryProblems)
{
    /// <summary>Contract form: <c>ok</c>, <c>mismatch</c>, <c>not-possible</c>.</summary>
    public string OutcomeCode => Outcome switch
    {
        BalanceCheckOutcome.Ok => "ok",
        BalanceCheckOutcome.Mismatch => "mismatch",
        _ => "not-possible",
    };

    internal static string Format(decimal value) => value.ToString("0.00###", CultureInfo.InvariantCulture);
}
