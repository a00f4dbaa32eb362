using PaymentRecon.Booking;
using PaymentRecon.Matching;
using static PaymentRecon.Core.Tests.Matching.MatchingData;

namespace PaymentRecon.Core.Tests.Matching;

public sealed class PaymentMatcherManualTests
{
    private static readonly string KzA = Kz("530000001108");
    private static readonly string KzB = Kz("520000001002");

    [Fact]
    public void AssignManually_ReleasesVwgAndBooksOldestDueFirst_WhenOneKassenzeichenHasTwoPositions()
    {
        var klaerfall = new OpenKlaerfall(7, Credit(1, 100m, "ohne KZ"), Money.Eur(100m));
        var younger = Soll(10, KzA, 60m, Day.AddDays(-5), "A-2");
        var older = Soll(11, KzA, 70m, Day.AddDays(-30), "A-1");

        var plan = PaymentMatcher.AssignManually(klaerfall, [new ManualTarget(KzA)], [younger, older], ["von anna, frei: carla"]);

        plan.Problem.Should().BeNull();
        plan.Decision!.Bookings.Select(b => (b.Satzart, b.Amount.Amount, b.PositionId, b.Zuordnung, b.Rule)).Should().Equal(
            (Satzart.Vwg, -100m, (long?)null, Zuordnung.Manuell, ManualRules.Assign),
            (Satzart.Ist, 70m, 11L, Zuordnung.Manuell, ManualRules.Assign),
            (Satzart.Ist, 30m, 10L, Zuordnung.Manuell, ManualRules.Assign));
        plan.Decision.BookedTotal(Currency.EUR).Should().Be(Money.Eur(0m), "a manual booking moves money from VWG to IST");
        plan.Decision.Outcome.Should().Be(MatchOutcome.KlaerfallResolved);
        plan.OpenAmounts.Should().Equal(new Dictionary<long, Money> { [11] = Money.Eur(0m), [10] = Money.Eur(30m) });
        plan.Remainder.Should().Be(Money.Eur(0m));
        plan.Decision.Reasons[0].Should().Be("von anna, frei: carla");
    }

    [Fact]
    public void AssignManually_LeavesTheRestAsVerwahrgeld_WhenASplitAddsUpToLess()
    {
        var klaerfall = new OpenKlaerfall(7, Credit(1, 200m, "x"), Money.Eur(200m));

        var plan = PaymentMatcher.AssignManually(klaerfall, [new ManualTarget(KzA, Money.Eur(50m)), new ManualTarget(KzB)], [Soll(10, KzA, 60m), Soll(20, KzB, 90m)], []);

        plan.Decision!.Rule.Should().Be(ManualRules.Split);
        plan.Decision.Bookings.Where(b => b.Satzart == Satzart.Ist).Sum(b => b.Amount.Amount).Should().Be(140m);
        plan.Remainder.Should().Be(Money.Eur(60m));
    }

    [Theory]
    [InlineData(61, "offen sind nur noch 60,00 EUR")]
    [InlineData(0, "kein positiver Betrag")]
    [InlineData(10.001, "höchstens zwei Nachkommastellen")]
    public void AssignManually_ReportsAProblem_WhenTheAmountIsNotBookable(decimal amount, string problem)
    {
        var klaerfall = new OpenKlaerfall(7, Credit(1, 100m, "x"), Money.Eur(100m));

        var plan = PaymentMatcher.AssignManually(klaerfall, [new ManualTarget(KzA, Money.Eur(amount))], [Soll(10, KzA, 60m)], []);

        plan.Decision.Should().BeNull();
        plan.Problem.Should().Contain(problem);
    }

    [Fact]
    public void AssignManually_ReportsAProblem_WhenTheKassenzeichenIsPaidUnknownOrTheSumExceedsTheVerwahrgeld()
    {
        var klaerfall = new OpenKlaerfall(7, Credit(1, 100m, "x"), Money.Eur(100m));

        PaymentMatcher.AssignManually(klaerfall, [new ManualTarget(KzA)], [Soll(10, KzA, 0m)], []).Problem.Should().Contain("vollständig bezahlt");
        PaymentMatcher.AssignManually(klaerfall, [new ManualTarget(KzB)], [Soll(10, KzA, 50m)], []).Problem.Should().Contain("keine Soll-Stellung");
        PaymentMatcher.AssignManually(klaerfall, [new ManualTarget(KzA, Money.Eur(60m)), new ManualTarget(KzB, Money.Eur(60m))], [Soll(10, KzA, 60m), Soll(20, KzB, 60m)], [])
            .Problem.Should().Contain("mehr als das Verwahrgeld");
        PaymentMatcher.AssignManually(klaerfall, [new ManualTarget(KzA, PositionId: 99)], [Soll(10, KzA, 60m)], []).Problem.Should().Contain("gehört nicht");
        PaymentMatcher.AssignManually(klaerfall, [], [Soll(10, KzA, 60m)], []).Problem.Should().NotBeNull();
    }
}
