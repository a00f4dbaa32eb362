using PaymentRecon.Camt;

namespace PaymentRecon.Core.Tests.Camt;

public sealed class StatementTotalsTests
{
    private static StatementHeader Header(params Balance[] balances) => Header(null, balances);

    private static StatementHeader Header(TransactionsSummary? summary, params Balance[] balances) =>
        new(0, "/Document/BkToCstmrStmt/Stmt[1]", "S1", null, null, null, null, null, CopyDuplicate.Original, null, null,
            "DE89370400440532013000", null, Currency.EUR, null, null, balances, summary);

    private static Entry Entry(decimal amount, EntryStatus status = EntryStatus.Booked, bool reversal = false) =>
        new(0, "/x", null, Money.Eur(amount), amount < 0 ? CreditDebit.Debit : CreditDebit.Credit, reversal, status, "BOOK",
            null, null, null, BankTransactionCode.Empty, null, null, null, null, [], [], [], null);

    private static Balance Bal(string code, decimal amount) => new(code, Money.Eur(amount), new DateOnly(2026, 11, 27));

    private static BalanceCheck Check(StatementHeader header, params Entry[] entries)
    {
        var totals = new StatementTotals();
        foreach (var entry in entries)
        {
            totals.Add(entry);
        }

        return totals.Check(header);
    }

    [Fact]
    public void Opening_plus_credits_minus_debits_equal_to_closing_passes()
    {
        var check = Check(Header(Bal("OPBD", 100m), Bal("CLBD", 130.50m)), Entry(50.50m), Entry(-20m));
        check.Outcome.Should().Be(BalanceCheckOutcome.Ok);
        check.OutcomeCode.Should().Be("ok");
        check.BookedCredits.Should().Be(50.50m);
        check.BookedDebits.Should().Be(20m);
        check.Difference.Should().Be(0m);
    }

    [Fact]
    public void One_cent_difference_fails()
    {
        var check = Check(Header(Bal("OPBD", 100m), Bal("CLBD", 130.51m)), Entry(50.50m), Entry(-20m));
        check.Outcome.Should().Be(BalanceCheckOutcome.Mismatch);
        check.OutcomeCode.Should().Be("mismatch");
        check.Difference.Should().Be(-0.01m);
    }

    [Fact]
    public void PRCD_serves_when_there_is_no_OPBD_and_OPBD_wins_over_PRCD()
    {
        Check(Header(Bal("PRCD", 100m), Bal("CLBD", 110m)), Entry(10m)).Outcome.Should().Be(BalanceCheckOutcome.Ok);
        Check(Header(Bal("PRCD", 0m), Bal("OPBD", 100m), Bal("CLBD", 110m)), Entry(10m)).Opening.Should().Be(100m);
    }

    [Fact]
    public void Only_booked_entries_count_and_a_reversal_counts_by_its_direction()
    {
        var check = Check(Header(Bal("OPBD", 100m), Bal("CLBD", 90m)),
            Entry(500m, EntryStatus.Pending), Entry(7m, EntryStatus.Information), Entry(-10m, reversal: true));
        check.Outcome.Should().Be(BalanceCheckOutcome.Ok);
        check.BookedCreditCount.Should().Be(0);
        check.BookedDebitCount.Should().Be(1);
    }

    [Fact]
    public void Credit_and_debit_sums_cover_every_entry()
    {
        var totals = new StatementTotals();
        totals.Add(Entry(500m, EntryStatus.Pending));
        totals.Add(Entry(10m));
        totals.Add(Entry(-3m));
        totals.CreditSum.Should().Be(510m);
        totals.DebitSum.Should().Be(3m);
        totals.EntryCount.Should().Be(3);
    }

    [Fact]
    public void A_missing_balance_makes_the_check_not_possible()
    {
        Check(Header(Bal("ITBD", 100m))).OutcomeCode.Should().Be("not-possible");
        Check(Header(Bal("CLBD", 100m))).Explanation.Should().Contain("no opening balance");
        Check(Header(Bal("OPBD", 100m))).Explanation.Should().Contain("no closing balance");
        Check(Header()).Outcome.Should().Be(BalanceCheckOutcome.NotPossible);
    }

    [Fact]
    public void The_banks_totals_are_cross_checked()
    {
        var agreeing = Check(Header(new TransactionsSummary(2, 30m, 1, 10m, 1, 20m), Bal("OPBD", 0m), Bal("CLBD", -10m)), Entry(10m), Entry(-20m));
        agreeing.SummaryProblems.Should().BeEmpty();

        var disagreeing = Check(Header(new TransactionsSummary(3, null, 2, 15m, null, null), Bal("OPBD", 0m), Bal("CLBD", 10m)), Entry(10m));
        disagreeing.Outcome.Should().Be(BalanceCheckOutcome.Ok);
        disagreeing.SummaryProblems.Should().HaveCount(3);
        disagreeing.SummaryProblems.Should().Contain(p => p.Contains("TtlCdtNtries/Sum says 15", StringComparison.Ordinal));
    }
}
