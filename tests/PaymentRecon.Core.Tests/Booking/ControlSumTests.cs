using PaymentRecon.Booking;
using PaymentRecon.Matching;

namespace PaymentRecon.Core.Tests.Booking;

public sealed class ControlSumTests
{
    private static ControlSumEntry Entry(string reference, decimal amount, decimal[] lines, bool outOfScope = false, string statement = "S1") =>
        new(statement, reference, Money.Eur(amount), [.. lines.Select(Money.Eur)], outOfScope);

    [Fact]
    public void Check_Holds_WhenEveryEntryIsBookedOrOutOfScope()
    {
        var result = ControlSum.Check([
            Entry("Ntry[1]", 150m, [120m, 30m]),
            Entry("Ntry[2]", -53m, [-50m, -3m]),
            Entry("Ntry[3]", -10m, [], outOfScope: true),
            Entry("Ntry[1]", 5m, [5m], statement: "S2"),
        ]);

        result.Holds.Should().BeTrue();
        result.Violations.Should().BeEmpty();
        result.Statements.Should().HaveCount(2);
        result.Statements[0].Should().BeEquivalentTo(new ControlSumStatement("S1", 3, 2, 1, 87m, 97m, -10m, 0));
    }

    [Fact]
    public void Check_NamesTheEntry_WhoseLinesDoNotAddUp()
    {
        var result = ControlSum.Check([Entry("Ntry[7]", 150m, [120m])]);

        result.Holds.Should().BeFalse();
        result.Violations.Should().ContainSingle().Which.Should().Match<ControlSumViolation>(v => v.EntryReference == "Ntry[7]" && v.Message.Contains("120,00", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_FindsLostAndDoubleEntries_AndLinesOnOutOfScopeEntries()
    {
        var result = ControlSum.Check([
            Entry("Ntry[1]", 10m, []),
            Entry("Ntry[2]", 10m, [10m]),
            Entry("Ntry[2]", 10m, [10m]),
            Entry("Ntry[3]", -4m, [-4m], outOfScope: true),
        ]);

        result.Violations.Select(v => v.EntryReference).Should().Equal("Ntry[1]", "Ntry[2]", "Ntry[3]");
        result.Statements.Single().Holds.Should().BeFalse();
    }

    [Fact]
    public void FromDecisions_CombinesTheReceiptsOfABatchEntry()
    {
        static MatchDecision Decision(long id, decimal amount) => new(id, MatchOutcome.Ist, MatchRules.Exact, ["x"],
            [new PlannedBooking(Satzart.Ist, Money.Eur(amount), 1, "K", "A", "V", "H", Zuordnung.Auto, MatchRules.Exact)], [], false, []);

        var entry = ControlSumEntry.FromDecisions("S1", "Ntry[4]", Money.Eur(30m), [Decision(1, 10m), Decision(2, 20m)]);

        ControlSum.Check([entry]).Holds.Should().BeTrue();
    }
}
