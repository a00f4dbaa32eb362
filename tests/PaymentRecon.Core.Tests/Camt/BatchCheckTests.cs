using PaymentRecon.Camt;

namespace PaymentRecon.Core.Tests.Camt;

public sealed class BatchCheckTests
{
    private static Transaction Item(decimal? amount, int index = 0) =>
        new(index, TransactionReferences.None, amount is { } a ? Money.Eur(a) : null, null, null, BankTransactionCode.Empty, [],
            null, null, null, null, null, null, null, null, null, [], null, null, null, null);

    private static Entry Batch(decimal amount, int? stated, Money? total, params Transaction[] items) =>
        new(0, "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]", null, Money.Eur(amount), amount < 0 ? CreditDebit.Debit : CreditDebit.Credit, false,
            EntryStatus.Booked, "BOOK", null, null, null, BankTransactionCode.Empty, null, null, null, null, [],
            stated is null && total is null ? [] : [new BatchInformation(null, null, stated, total)], items, null);

    [Fact]
    public void A_single_payment_is_no_batch()
    {
        Batch(10m, null, null, Item(10m)).BatchCheck.Should().BeNull();
    }

    [Fact]
    public void Items_that_add_up_and_match_the_count_are_ok()
    {
        var check = Batch(150m, 3, Money.Eur(150m), Item(50m), Item(60m), Item(40m)).BatchCheck!;
        check.Outcome.Should().Be(BatchCheckOutcome.Ok);
        check.TransactionSum.Should().Be(150m);
        check.Problems.Should().BeEmpty();
    }

    [Fact]
    public void A_wrong_count_is_a_mismatch()
    {
        var check = Batch(100m, 3, null, Item(40m), Item(60m)).BatchCheck!;
        check.Outcome.Should().Be(BatchCheckOutcome.Mismatch);
        check.Problems.Should().ContainSingle().Which.Should().Contain("NbOfTxs says 3");
    }

    [Fact]
    public void A_wrong_sum_is_a_mismatch()
    {
        var check = Batch(100m, null, null, Item(40m), Item(59.99m)).BatchCheck!;
        check.Outcome.Should().Be(BatchCheckOutcome.Mismatch);
        check.Problems.Should().ContainSingle().Which.Should().Contain("difference -0.01");
    }

    [Fact]
    public void A_total_that_disagrees_with_the_entry_is_a_mismatch()
    {
        Batch(100m, 2, Money.Eur(90m), Item(40m), Item(60m)).BatchCheck!.Outcome.Should().Be(BatchCheckOutcome.Mismatch);
    }

    [Fact]
    public void Without_details_or_with_an_item_without_amount_the_check_is_not_possible()
    {
        Batch(100m, 2, null).BatchCheck!.Outcome.Should().Be(BatchCheckOutcome.NotPossible);
        Batch(100m, 2, null, Item(40m), Item(null)).BatchCheck!.Outcome.Should().Be(BatchCheckOutcome.NotPossible);
    }

    [Fact]
    public void Debit_batches_add_up_with_their_sign()
    {
        Batch(-30m, 2, Money.Eur(-30m), Item(-10m), Item(-20m)).BatchCheck!.Outcome.Should().Be(BatchCheckOutcome.Ok);
    }
}
