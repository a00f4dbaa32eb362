using System.Globalization;

namespace PaymentRecon.Camt;

/// <summary>
/// Adds up a statement's entries while they stream past, then checks the balances: opening (OPBD,
/// else PRCD) + booked credits − booked debits = closing (CLBD). Only booked entries count; a
/// reversal counts by its own credit/debit indicator.
/// </summary>
public sealed class StatementTotals
{
    private decimal _bookedCredits;
    private decimal _bookedDebits;
    private decimal _allCredits;
    private decimal _allDebits;

    public int EntryCount { get; private set; }

    public int BookedCreditCount { get; private set; }

    public int BookedDebitCount { get; private set; }

    /// <summary>Sum of all credit entries, booked or not (contract: <c>creditSum</c>).</summary>
    public decimal CreditSum => _allCredits;

    /// <summary>Sum of all debit entries, booked or not, positive (contract: <c>debitSum</c>).</summary>
    public decimal DebitSum => _allDebits;

    public void Add(Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        EntryCount++;
        var absolute = Math.Abs(entry.Amount.Amount);
        var credit = entry.CreditDebit == CreditDebit.Credit;
        if (credit)
        {
            _allCredits += absolute;
        }
        else
        {
            _allDebits += absolute;
        }

        if (entry.Status != EntryStatus.Booked)
        {
            return;
        }

        if (credit)
        {
            _bookedCredits += absolute;
            BookedCreditCount++;
        }
        else
        {
            _bookedDebits += absolute;
            BookedDebitCount++;
        }
    }

    /// <summary>The opening balance the check uses: OPBD, else PRCD (previous day's closing).</summary>
    public static Balance? OpeningBalance(StatementHeader header) =>
        Find(header, "OPBD") ?? Find(header, "PRCD");

    public static Balance? ClosingBalance(StatementHeader header) => Find(header, "CLBD");

    public BalanceCheck Check(StatementHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var opening = OpeningBalance(header)?.Amount.Amount;
        var closing = ClosingBalance(header)?.Amount.Amount;
        var summaryProblems = CrossCheck(header.TransactionsSummary);

        if (opening is null || closing is null)
        {
            var missing = (opening, closing) switch
            {
                (null, null) => "no opening (OPBD/PRCD) and no closing (CLBD) balance",
                (null, _) => "no opening balance (OPBD/PRCD)",
                _ => "no closing balance (CLBD)",
            };
            return new BalanceCheck(BalanceCheckOutcome.NotPossible, opening, closing, _bookedCredits, _bookedDebits,
                BookedCreditCount, BookedDebitCount, null, $"Balance check not possible: {missing}.", summaryProblems);
        }

        var difference = opening.Value + _bookedCredits - _bookedDebits - closing.Value;
        var equation = string.Create(CultureInfo.InvariantCulture,
            $"{BalanceCheck.Format(opening.Value)} + {BalanceCheck.Format(_bookedCredits)} − {BalanceCheck.Format(_bookedDebits)} = {BalanceCheck.Format(opening.Value + _bookedCredits - _bookedDebits)}");
        return difference == 0m
            ? new BalanceCheck(BalanceCheckOutcome.Ok, opening, closing, _bookedCredits, _bookedDebits, BookedCreditCount, BookedDebitCount, 0m,
                $"{equation} = closing balance.", summaryProblems)
            : new BalanceCheck(BalanceCheckOutcome.Mismatch, opening, closing, _bookedCredits, _bookedDebits, BookedCreditCount, BookedDebitCount, difference,
                string.Create(CultureInfo.InvariantCulture, $"{equation}, but the closing balance is {BalanceCheck.Format(closing.Value)} (difference {BalanceCheck.Format(difference)})."),
                summaryProblems);
    }

    private List<string> CrossCheck(TransactionsSummary? summary)
    {
        var problems = new List<string>();
        if (summary is null)
        {
            return problems;
        }

        Compare("TxsSummry/TtlCdtNtries/NbOfNtries", summary.CreditCount, BookedCreditCount);
        Compare("TxsSummry/TtlCdtNtries/Sum", summary.CreditSum, _bookedCredits);
        Compare("TxsSummry/TtlDbtNtries/NbOfNtries", summary.DebitCount, BookedDebitCount);
        Compare("TxsSummry/TtlDbtNtries/Sum", summary.DebitSum, _bookedDebits);
        Compare("TxsSummry/TtlNtries/NbOfNtries", summary.EntryCount, BookedCreditCount + BookedDebitCount);
        return problems;

        void Compare<T>(string path, T? stated, T actual)
            where T : struct, IEquatable<T>
        {
            if (stated is { } value && !value.Equals(actual))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path} says {value}, the booked entries give {actual}."));
            }
        }
    }

    private static Balance? Find(StatementHeader header, string code) =>
        header.Balances.FirstOrDefault(b => string.Equals(b.TypeCode, code, StringComparison.Ordinal));
}
