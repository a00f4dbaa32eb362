using PaymentRecon.Booking;
using PaymentRecon.Matching;
using static PaymentRecon.Core.Tests.Matching.MatchingData;

namespace PaymentRecon.Core.Tests.Matching;

public sealed class PaymentMatcherRetryTests
{
    private static readonly string KzA = Kz("100845456115");

    [Fact]
    public void Retry_BooksAKlaerfall_WhenItsSollHasArrived()
    {
        var receipt = Credit(10, 120m, $"KZ {KzA}");
        Single(receipt).Rule.Should().Be(MatchRules.Unknown);

        var result = PaymentMatcher.Retry([new OpenKlaerfall(77, receipt, Money.Eur(120m))], [Soll(1, KzA, 120m)], MatchingOptions.Default);

        var decision = result.Decisions.Single();
        decision.Outcome.Should().Be(MatchOutcome.KlaerfallResolved);
        decision.Rule.Should().Be(MatchRules.LateSoll);
        decision.Bookings.Select(b => (b.Satzart, b.Amount.Amount, b.Rule)).Should().Equal(
            (Satzart.Vwg, -120m, MatchRules.LateSoll), (Satzart.Ist, 120m, MatchRules.Exact));
        decision.Bookings.Should().OnlyContain(b => b.Zuordnung == Zuordnung.Auto);
        decision.BookedTotal(Currency.EUR).Should().Be(Money.Eur(0m));
        result.OpenAmounts[1].Should().Be(Money.Eur(0m));
    }

    [Fact]
    public void Retry_LeavesKlaerfaelle_ThatAreStillInDoubt()
    {
        var broken = Credit(10, 120m, $"KZ {BrokenKz("100845456115")}");
        var nameOnly = Credit(11, 120m, "Erika Mustermann Grundsteuer");

        var result = PaymentMatcher.Retry(
            [new OpenKlaerfall(1, broken, Money.Eur(120m)), new OpenKlaerfall(2, nameOnly, Money.Eur(120m))],
            [Soll(1, KzA, 120m)],
            MatchingOptions.Default);

        result.Decisions.Should().BeEmpty();
    }

    [Fact]
    public void Retry_ConsumesOpenAmounts_OldestKlaerfallFirst()
    {
        var older = Credit(10, 120m, KzA) with { BookingDate = Day.AddDays(-9) };
        var newer = Credit(11, 120m, KzA);

        var result = PaymentMatcher.Retry(
            [new OpenKlaerfall(2, newer, Money.Eur(120m)), new OpenKlaerfall(1, older, Money.Eur(120m))],
            [Soll(1, KzA, 120m)],
            MatchingOptions.Default);

        result.Decisions.Should().ContainSingle().Which.ReceiptId.Should().Be(10);
    }
}
