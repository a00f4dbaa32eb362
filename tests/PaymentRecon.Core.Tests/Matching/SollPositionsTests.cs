using PaymentRecon.Matching;
using static PaymentRecon.Core.Tests.Matching.MatchingData;

namespace PaymentRecon.Core.Tests.Matching;

public sealed class SollPositionsTests
{
    [Fact]
    public void From_GivesEveryPositionBack_InAllocationOrder_WithAllItsFields()
    {
        var kzA = Kz("100845456115");
        var kzB = Kz("200000000001");
        var given = new List<OpenSoll>
        {
            Soll(7, kzB, 40m, Day.AddDays(-3), "B-2", debtor: "Jörg Weiß", iban: "DE02120300000000202051", verfahren: "KITA"),
            Soll(3, kzA, 10m, Day.AddDays(-1), "A-9"),
            Soll(5, kzA, 20m, Day.AddDays(-9), "A-1", debtor: ""),
            Soll(4, kzA, 30m, Day.AddDays(-1), "A-2") with { OriginalAmount = Money.Eur(35m) },
            Soll(9, kzB, 0m, Day.AddDays(-3), "B-2"),
        };

        var packed = SollPositions.From(given);

        packed.Should().HaveCount(5);
        // Kassenzeichen, oldest due date first, AnordnungsNr, id: what a payment is allocated by.
        packed.Select(p => p.PositionId).Should().Equal(5L, 4L, 3L, 7L, 9L);
        packed.Should().BeEquivalentTo(given, "nothing is lost in the packing");
        packed[3].Should().Be(given[0]);
        SollPositions.From(packed).Should().BeSameAs(packed);
    }

    [Fact]
    public void Positions_OfAKassenzeichen_AreFoundByIt_AndNoOthers()
    {
        var kzA = Kz("100845456115");
        var kzB = Kz("200000000001");
        // Enough Kassenzeichen that many share a hash slot's neighbourhood.
        var soll = Enumerable.Range(1, 3000).Select(i => Soll(i, Kz((300000000000L + (i % 1000)).ToString(System.Globalization.CultureInfo.InvariantCulture)), i))
            .Append(Soll(5001, kzA, 1m)).Append(Soll(5002, kzA, 2m, Day.AddDays(-30))).Append(Soll(5003, kzB, 3m)).ToList();

        var session = new MatchingSession(SollPositions.From(soll), [], MatchingOptions.Default, recordForUndo: false);
        var decisions = session.Decide([Credit(1, 3m, $"KZ {kzA}"), Credit(2, 3m, $"KZ {kzB}"), Credit(3, 4m, $"KZ {Kz("999999999999")}")]);

        decisions[0].Bookings.Select(b => (b.PositionId, b.Amount.Amount)).Should().Equal((5002L, 2m), (5001L, 1m));
        decisions[1].Bookings.Should().ContainSingle().Which.PositionId.Should().Be(5003);
        decisions[2].Rule.Should().Be(MatchRules.Unknown);
        session.OpenAmounts.Keys.Should().Equal(5002L, 5001L, 5003L);
    }

    [Fact]
    public void WithOpenAmounts_ChangesOnlyThePositionsNamed_AndLeavesTheListItCameFrom()
    {
        var kz = Kz("100845456115");
        var packed = SollPositions.From([Soll(1, kz, 10m), Soll(2, kz, 20m, Day.AddDays(-30))]);

        var paid = packed.WithOpenAmounts(new Dictionary<long, Money> { [2] = Money.Eur(0m), [77] = Money.Eur(5m) });

        paid.Select(p => (p.PositionId, p.OpenAmount.Amount)).Should().Equal((2L, 0m), (1L, 10m));
        packed.Select(p => p.OpenAmount.Amount).Should().Equal(20m, 10m);
    }

    [Fact]
    public void Build_RefusesAPositionGivenTwice()
    {
        var kz = Kz("100845456115");
        var twice = () => SollPositions.From([Soll(1, kz, 10m), Soll(1, kz, 20m)]);

        twice.Should().Throw<ArgumentException>().WithMessage("Soll position 1 is given twice.");
    }

    [Fact]
    public void Builder_KeepsLongAndManyTexts_AcrossItsBlocks()
    {
        var builder = new SollPositions.Builder();
        var longNumber = new string('7', 40_000);
        for (var i = 0; i < 30_000; i++)
        {
            builder.Add(i, $"KZ{i:D8}", "PROSOZ-BAU", i == 12_345 ? longNumber : $"A-{i}", "1.6100.1000", Money.Eur(i), Money.Eur(i), Day);
        }

        var packed = builder.Build();

        packed.Should().HaveCount(30_000);
        packed[12_345].AnordnungsNr.Should().Be(longNumber);
        packed[29_999].Should().Be(new OpenSoll(29_999, "KZ00029999", "PROSOZ-BAU", "A-29999", "1.6100.1000", Money.Eur(29_999m), Money.Eur(29_999m), Day, "", null));
        SollPositions.Empty.Should().BeEmpty();
        var again = () => builder.Add(1, "KZ1", "PROSOZ-BAU", "A-1", "1.6100.1000", Money.Eur(1m), Money.Eur(1m), Day);
        again.Should().Throw<InvalidOperationException>("the list shares the builder's columns");
    }
}
