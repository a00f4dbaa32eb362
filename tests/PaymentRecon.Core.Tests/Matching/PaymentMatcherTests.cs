using PaymentRecon.Booking;
using PaymentRecon.Matching;
using static PaymentRecon.Core.Tests.Matching.MatchingData;

namespace PaymentRecon.Core.Tests.Matching;

public sealed class PaymentMatcherTests
{
    private static readonly string KzA = Kz("100845456115");
    private static readonly string KzB = Kz("200000000001");
    private static readonly string KzC = Kz("300000000002");

    [Fact]
    public void Match_BooksIst_WhenKassenzeichenAndAmountAgree()
    {
        var soll = Soll(1, KzA, 120m);

        var result = Match([Credit(10, 120m, $"KZ {KzA}")], [soll]);

        var decision = result.Decisions.Single();
        decision.Outcome.Should().Be(MatchOutcome.Ist);
        decision.Rule.Should().Be(MatchRules.Exact);
        decision.OpensKlaerfall.Should().BeFalse();
        decision.Bookings.Should().ContainSingle().Which.Should().BeEquivalentTo(new PlannedBooking(
            Satzart.Ist, Money.Eur(120m), 1, KzA, "A-1", "PROSOZ-BAU", "1.6100.1000", Zuordnung.Auto, MatchRules.Exact));
        result.OpenAmounts[1].Should().Be(Money.Eur(0m));
        decision.Reasons.Should().Contain(r => r.Contains("Betrag stimmt", StringComparison.Ordinal));
    }

    [Fact]
    public void Match_BooksTheAmountPaid_WhenLessThanOpen()
    {
        var result = Match([Credit(10, 50m, KzA)], [Soll(1, KzA, 120m)]);

        var decision = result.Decisions.Single();
        decision.Rule.Should().Be(MatchRules.PartialPayment);
        decision.Bookings.Should().ContainSingle().Which.Amount.Should().Be(Money.Eur(50m));
        result.OpenAmounts[1].Should().Be(Money.Eur(70m));
    }

    [Fact]
    public void Match_BooksWhatIsOpen_AndTheSurplusAsVerwahrgeld_WhenMoreIsPaid()
    {
        var decision = Single(Credit(10, 150m, KzA), Soll(1, KzA, 120m));

        decision.Outcome.Should().Be(MatchOutcome.IstWithSurplus);
        decision.Rule.Should().Be(MatchRules.Overpayment);
        decision.OpensKlaerfall.Should().BeTrue();
        decision.Bookings.Select(b => (b.Satzart, b.Amount.Amount)).Should().Equal((Satzart.Ist, 120m), (Satzart.Vwg, 30m));
    }

    [Fact]
    public void Match_AllocatesOldestDueDateFirst_TiesByAnordnungsNr()
    {
        var late = Soll(1, KzA, 40m, Day.AddDays(-5), "A-9");
        var earlyB = Soll(2, KzA, 30m, Day.AddDays(-30), "A-2");
        var earlyA = Soll(3, KzA, 30m, Day.AddDays(-30), "A-1");

        var decision = Single(Credit(10, 50m, KzA), late, earlyB, earlyA);

        decision.Bookings.Select(b => (b.PositionId, b.Amount.Amount)).Should().Equal((3L, 30m), (2L, 20m));
        decision.Reasons.Should().Contain(r => r.Contains("älteste zuerst", StringComparison.Ordinal));
    }

    [Fact]
    public void Match_SplitsOverSeveralKassenzeichen_WhenTheOpenAmountsAddUpExactly()
    {
        var decision = Single(Credit(10, 100m, $"KZ {KzA} und {KzB}"), Soll(1, KzA, 60m), Soll(2, KzB, 40m));

        decision.Outcome.Should().Be(MatchOutcome.Split);
        decision.Rule.Should().Be(MatchRules.Split);
        decision.Bookings.Select(b => (b.Kassenzeichen, b.Amount.Amount)).Should().Equal((KzA, 60m), (KzB, 40m));
    }

    [Fact]
    public void Match_OpensAKlaerfall_WhenSeveralKassenzeichenDoNotAddUp()
    {
        var decision = Single(Credit(10, 90m, $"KZ {KzA} und {KzB}"), Soll(1, KzA, 60m), Soll(2, KzB, 40m));

        decision.Outcome.Should().Be(MatchOutcome.Klaerfall);
        decision.Rule.Should().Be(MatchRules.Ambiguous);
        decision.Bookings.Should().ContainSingle().Which.Should().Match<PlannedBooking>(b => b.Satzart == Satzart.Vwg && b.Amount == Money.Eur(90m));
    }

    [Fact]
    public void Match_DoesNotSplit_WhenAutoSplitIsOff()
    {
        var options = MatchingOptions.Default with { AutoSplitAcrossKassenzeichen = false };

        var decision = Match([Credit(10, 100m, $"{KzA} {KzB}")], [Soll(1, KzA, 60m), Soll(2, KzB, 40m)], options: options).Decisions.Single();

        decision.Rule.Should().Be(MatchRules.Ambiguous);
    }

    [Fact]
    public void Match_OpensAKlaerfall_WhenTheCheckDigitFails_EvenIfTheCorrectedNumberIsOpen()
    {
        var broken = BrokenKz("100845456115");

        var decision = Single(Credit(10, 120m, $"KZ {broken}"), Soll(1, KzA, 120m));

        decision.Outcome.Should().Be(MatchOutcome.Klaerfall);
        decision.Rule.Should().Be(MatchRules.CheckDigit);
        decision.Reasons.Should().Contain(r => r.Contains("Prüfziffer falsch", StringComparison.Ordinal));
        decision.Suggestions.Should().NotBeEmpty();
        decision.Suggestions[0].Kassenzeichen.Should().Be(KzA);
    }

    [Fact]
    public void Match_OpensAKlaerfall_WhenAValidKassenzeichenHasABrokenNeighbour()
    {
        var decision = Single(Credit(10, 120m, $"KZ {KzA} oder {BrokenKz("200000000001")}"), Soll(1, KzA, 120m));

        decision.Rule.Should().Be(MatchRules.Ambiguous);
    }

    [Fact]
    public void Match_OpensAKlaerfall_ForAnUnknownKassenzeichen()
    {
        var decision = Single(Credit(10, 120m, $"KZ {KzC}"), Soll(1, KzA, 120m));

        decision.Rule.Should().Be(MatchRules.Unknown);
        decision.Bookings.Should().ContainSingle(b => b.Satzart == Satzart.Vwg && b.Amount == Money.Eur(120m));
    }

    [Fact]
    public void Match_OpensAKlaerfall_WhenThereIsNoKassenzeichen()
    {
        var decision = Single(Credit(10, 120m, "Grundsteuer Mustermann"), Soll(1, KzA, 120m));

        decision.Rule.Should().Be(MatchRules.None);
        decision.OpensKlaerfall.Should().BeTrue();
    }

    [Fact]
    public void Match_SendsAPaymentOnAClosedKassenzeichen_ToVerwahrgeld()
    {
        var decision = Single(Credit(10, 120m, KzA), Soll(1, KzA, 0m));

        decision.Rule.Should().Be(MatchRules.Closed);
        decision.Bookings.Should().ContainSingle(b => b.Satzart == Satzart.Vwg);
    }

    [Fact]
    public void Match_SendsTheSecondOfTwoEqualPayments_ToVerwahrgeld_NeverASecondIst()
    {
        var result = Match([Credit(10, 120m, KzA), Credit(11, 120m, KzA)], [Soll(1, KzA, 120m)]);

        result.Decisions.Select(d => d.Rule).Should().Equal(MatchRules.Exact, MatchRules.Closed);
        result.Decisions.SelectMany(d => d.Bookings).Count(b => b.Satzart == Satzart.Ist).Should().Be(1);
    }

    [Fact]
    public void Match_RoutesForeignCurrency_ToAKlaerfall()
    {
        var receipt = Credit(10, 120m, KzA) with { Amount = new Money(120m, Currency.Parse("CHF")) };

        var decision = Single(receipt, Soll(1, KzA, 120m));

        decision.Rule.Should().Be(MatchRules.Currency);
        decision.Bookings.Should().ContainSingle().Which.Amount.Currency.Code.Should().Be("CHF");
    }

    [Theory]
    [InlineData("116", MatchRules.Outgoing)]
    [InlineData(null, MatchRules.Outgoing)]
    [InlineData("805", MatchRules.BankFee)]
    [InlineData("808", MatchRules.BankFee)]
    [InlineData("105", MatchRules.DebitReceived)]
    public void Match_PutsDebitsThatAreNotReturns_OutOfScope(string? gvc, string rule)
    {
        var receipt = Credit(10, -75m, KzA) with { Gvc = gvc };

        var decision = Single(receipt, Soll(1, KzA, 75m));

        decision.Outcome.Should().Be(MatchOutcome.OutOfScope);
        decision.Rule.Should().Be(rule);
        decision.Bookings.Should().BeEmpty();
    }

    [Fact]
    public void Match_UsesTheKleinbetragRule_ForTinyDifferences()
    {
        var options = MatchingOptions.Default with { KleinbetragThreshold = 0.05m };

        var under = Match([Credit(10, 119.98m, KzA)], [Soll(1, KzA, 120m)], options: options).Decisions.Single();
        var over = Match([Credit(10, 120.03m, KzA)], [Soll(1, KzA, 120m)], options: options).Decisions.Single();
        var beyond = Match([Credit(10, 120.10m, KzA)], [Soll(1, KzA, 120m)], options: options).Decisions.Single();

        under.Rule.Should().Be(MatchRules.SmallDifference);
        under.Bookings.Should().ContainSingle().Which.Amount.Should().Be(Money.Eur(119.98m));
        over.Rule.Should().Be(MatchRules.SmallDifference);
        over.OpensKlaerfall.Should().BeFalse();
        beyond.Rule.Should().Be(MatchRules.Overpayment);
    }

    [Fact]
    public void Match_UsesTheFormatOfTheVerfahren()
    {
        var epaybl = new KassenzeichenFormat { Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", MinLength = 6, MaxLength = 12, CheckDigit = CheckDigits.CheckDigitScheme.Luhn };
        var kz = epaybl.WithCheckDigit("EPB20260001");
        var options = MatchingOptions.Default with { FormatsByVerfahren = new Dictionary<string, KassenzeichenFormat>(StringComparer.Ordinal) { ["EPAYBL"] = epaybl } };

        var decision = Match([Credit(10, 25m, $"Kassenzeichen {kz}")], [Soll(1, kz, 25m, verfahren: "EPAYBL")], options: options).Decisions.Single();

        decision.Rule.Should().Be(MatchRules.Exact);
    }

    [Fact]
    public void Match_TakesAStructuredReference()
    {
        var receipt = Credit(10, 120m, "Vielen Dank") with { CreditorReference = RfReference.Create(KzA) };

        Single(receipt, Soll(1, KzA, 120m)).Rule.Should().Be(MatchRules.Exact);
    }

    [Fact]
    public void Match_GivesEveryDecision_LinesAddingUpToTheReceipt_AndARuleAndReasons()
    {
        var soll = new[] { Soll(1, KzA, 120m), Soll(2, KzB, 40m), Soll(3, KzC, 0m) };
        var receipts = new[]
        {
            Credit(1, 120m, KzA), Credit(2, 10m, KzB), Credit(3, 100m, KzB), Credit(4, 5m, KzC), Credit(5, 7m, "nichts"),
            Credit(6, -12m) with { Gvc = "805" }, Credit(7, 9m, BrokenKz("100845456115")),
        };

        var result = Match(receipts, soll);

        result.Decisions.Should().HaveCount(receipts.Length);
        foreach (var decision in result.Decisions)
        {
            var receipt = receipts.Single(r => r.Id == decision.ReceiptId);
            decision.Rule.Should().NotBeNullOrEmpty();
            decision.Reasons.Should().NotBeEmpty();
            if (decision.Outcome != MatchOutcome.OutOfScope)
            {
                decision.BookedTotal(Currency.EUR).Should().Be(receipt.Amount, "receipt {0} ({1})", receipt.Id, decision.Rule);
                decision.Bookings.Should().OnlyContain(b => b.Zuordnung == Zuordnung.Auto && b.Rule.Length > 0);
            }
        }
    }

    [Fact]
    public void Match_IsDeterministic_WhateverTheInputOrder()
    {
        var soll = Enumerable.Range(1, 30).Select(i => Soll(i, Kz((100000000000L + (i % 10)).ToString(System.Globalization.CultureInfo.InvariantCulture)), 10m * i, Day.AddDays(-i), $"A-{i:00}")).ToList();
        var receipts = Enumerable.Range(1, 60).Select(i => Credit(i, 7m * i, $"KZ {soll[i % 30].Kassenzeichen}") with { BookingDate = Day.AddDays(i % 3) }).ToList();

        var first = Match(receipts, soll);
        var random = new Random(42);
        var shuffled = Match([.. receipts.OrderBy(_ => random.Next())], [.. soll.OrderBy(_ => random.Next())]);

        shuffled.Decisions.Should().BeEquivalentTo(first.Decisions, o => o.WithStrictOrdering());
        shuffled.OpenAmounts.Should().BeEquivalentTo(first.OpenAmounts);
    }

    [Fact]
    public void Match_RejectsTheSameReceiptTwice()
    {
        var act = () => Match([Credit(1, 1m, KzA), Credit(1, 1m, KzA)], []);

        act.Should().Throw<ArgumentException>();
    }
}
