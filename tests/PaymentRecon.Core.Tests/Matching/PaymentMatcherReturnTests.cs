using PaymentRecon.Booking;
using PaymentRecon.Matching;
using static PaymentRecon.Core.Tests.Matching.MatchingData;

namespace PaymentRecon.Core.Tests.Matching;

public sealed class PaymentMatcherReturnTests
{
    private static readonly string KzA = Kz("100845456115");

    private static Receipt Return(long id, decimal entry, decimal? instructed, string? endToEnd = null, string? mandate = null, params string[] lines) =>
        Credit(id, -entry, lines) with
        {
            IsReturn = true,
            ReturnReason = "MS03",
            Gvc = "109",
            InstructedAmount = instructed is { } i ? Money.Eur(i) : null,
            Charges = instructed is { } j ? Money.Eur(entry - j) : null,
            EndToEndId = endToEnd,
            MandateId = mandate,
        };

    [Fact]
    public void Match_ReversesTheOriginalIst_AndBooksTheChargesAsGeb_ForAReturn()
    {
        var soll = Soll(1, KzA, 0m);
        var prior = PriorIst(5, soll, 50m, endToEnd: "E2E-2026-001", mandate: "M-77");

        var result = Match([Return(10, 53m, 50m, "E2E-2026-001", "M-77", "RUECKLASTSCHRIFT")], [soll], [prior]);

        var decision = result.Decisions.Single();
        decision.Outcome.Should().Be(MatchOutcome.Return);
        decision.Rule.Should().Be(MatchRules.Return);
        decision.OriginalReceiptId.Should().Be(5);
        decision.Bookings.Select(b => (b.Satzart, b.Amount.Amount, b.PositionId)).Should().Equal((Satzart.Ist, -50m, 1L), (Satzart.Geb, -3m, null));
        decision.BookedTotal(Currency.EUR).Should().Be(Money.Eur(-53m));
        result.OpenAmounts[1].Should().Be(Money.Eur(50m), "the Soll is open again");
        decision.Reasons.Should().Contain(r => r.Contains("MS03", StringComparison.Ordinal) && r.Contains("Grund nicht angegeben", StringComparison.Ordinal));
    }

    [Fact]
    public void UndoKeysOf_NamesTheKeysOfTheUndoingReceiptsOnly_ValidKassenzeichenIncluded()
    {
        var invalid = KzA[..^1] + (KzA[^1] == '0' ? '1' : '0');
        var receipts = new[]
        {
            Return(10, 53m, 50m, "E2E-2026-001", "M-77", "RUECKLASTSCHRIFT", KzA) with { AccountServicerReference = "REF-10" },
            Return(11, 20m, null, "NOTPROVIDED", " ", "Kassenzeichen " + invalid),
            Credit(12, 30m, Kz("100845456116")) with { EndToEndId = "E2E-CREDIT", MandateId = "M-CREDIT", AccountServicerReference = "REF-12" },
            Credit(13, -40m, "STORNO") with { IsReversal = true, EndToEndId = "E2E-2026-001" },
        };

        var keys = PaymentMatcher.UndoKeysOf(receipts, MatchingOptions.Default);

        keys.EndToEndIds.Should().Equal("E2E-2026-001");
        keys.ServicerReferences.Should().Equal("REF-10");
        keys.MandateIds.Should().Equal("M-77");
        keys.Kassenzeichen.Should().Equal(KzA);
        PaymentMatcher.UndoKeysOf([receipts[2]], MatchingOptions.Default).Should().BeEquivalentTo(UndoKeys.None, "a plain credit undoes nothing");
    }

    [Fact]
    public void Match_FindsTheOriginalByMandate_WhenTheTextIsGeneric()
    {
        var soll = Soll(1, KzA, 0m);
        var prior = PriorIst(5, soll, 50m, mandate: "M-77");

        var decision = Match([Return(10, 53m, 50m, null, "M-77", "LS RUECKBELASTUNG")], [soll], [prior]).Decisions.Single();

        decision.Rule.Should().Be(MatchRules.Return);
        decision.Reasons.Should().Contain(r => r.Contains("Mandat M-77", StringComparison.Ordinal));
    }

    [Fact]
    public void Match_OpensAKlaerfall_ForAReturnWhoseOriginalIsUnknown()
    {
        var decision = Match([Return(10, 53m, 50m, "E2E-UNKNOWN", null, "RUECKLASTSCHRIFT")], [Soll(1, KzA, 0m)], []).Decisions.Single();

        decision.Outcome.Should().Be(MatchOutcome.Klaerfall);
        decision.Rule.Should().Be(MatchRules.ReturnUnknown);
        decision.Bookings.Should().ContainSingle().Which.Amount.Should().Be(Money.Eur(-53m));
    }

    [Fact]
    public void Match_OpensAKlaerfall_WhenTwoOriginalsFitTheMandate()
    {
        var soll = Soll(1, KzA, 0m);
        var priors = new[] { PriorIst(5, soll, 50m, mandate: "M-77"), PriorIst(6, soll, 50m, mandate: "M-77") };

        var decision = Match([Return(10, 50m, 50m, null, "M-77")], [soll], priors).Decisions.Single();

        decision.Rule.Should().Be(MatchRules.ReturnUnknown);
        decision.Reasons.Should().Contain(r => r.Contains("Mehrere", StringComparison.Ordinal));
    }

    [Fact]
    public void Match_DoesNotUndoAnOriginalTwice()
    {
        var soll = Soll(1, KzA, 50m);
        var original = PriorIst(5, soll, 50m, endToEnd: "E2E-1");
        var earlierReturn = original with { ReceiptId = 6, Amount = Money.Eur(-50m), ReversesReceiptId = 5 };

        var decision = Match([Return(10, 50m, 50m, "E2E-1")], [soll], [original, earlierReturn]).Decisions.Single();

        decision.Rule.Should().Be(MatchRules.ReturnUnknown);
    }

    [Fact]
    public void Match_ReturnsAPaymentBookedEarlierInTheSameRun()
    {
        var soll = Soll(1, KzA, 50m);
        var payment = Credit(1, 50m, KzA) with { EndToEndId = "E2E-SAME", BookingDate = Day };
        var returned = Return(2, 50m, 50m, "E2E-SAME") with { BookingDate = Day.AddDays(3) };

        var result = Match([returned, payment], [soll]);

        result.Decisions.Select(d => d.Rule).Should().Equal(MatchRules.Exact, MatchRules.Return);
        result.OpenAmounts[1].Should().Be(Money.Eur(50m));
    }

    [Fact]
    public void Match_ReversesAnEarlierCredit_ForABankStorno()
    {
        var soll = Soll(1, KzA, 0m);
        var prior = PriorIst(5, soll, 80m, servicerRef: "BANK-REF-1");
        var storno = Credit(10, -80m, "STORNO") with { IsReversal = true, Gvc = null, AccountServicerReference = "BANK-REF-1" };

        var result = Match([storno], [soll], [prior]);

        var decision = result.Decisions.Single();
        decision.Outcome.Should().Be(MatchOutcome.Reversal);
        decision.Bookings.Should().ContainSingle().Which.Should().Match<PlannedBooking>(b => b.Satzart == Satzart.Ist && b.Amount == Money.Eur(-80m) && b.PositionId == 1);
        result.OpenAmounts[1].Should().Be(Money.Eur(80m));
    }

    [Fact]
    public void Match_UndoesTheVerwahrgeld_WhenTheReversedCreditWasAKlaerfall()
    {
        var vwg = new PriorBooking(5, Satzart.Vwg, Money.Eur(30m), null, null, "REF-9", null, null, null, null, null, Day.AddDays(-2));
        var storno = Credit(10, -30m) with { IsReversal = true, AccountServicerReference = "REF-9" };

        var decision = Match([storno], [], [vwg]).Decisions.Single();

        decision.Bookings.Should().ContainSingle().Which.Should().Match<PlannedBooking>(b => b.Satzart == Satzart.Vwg && b.Amount == Money.Eur(-30m));
    }

    [Fact]
    public void Match_SendsAReturnedPayoutCredit_ToVerwahrgeld_NotToASoll()
    {
        var credit = Credit(10, 120m, $"KZ {KzA}") with { Gvc = "159", IsReturn = true, ReturnReason = "AC04" };

        var decision = Single(credit, Soll(1, KzA, 120m));

        decision.Rule.Should().Be(MatchRules.ReturnedPayout);
        decision.Bookings.Should().ContainSingle(b => b.Satzart == Satzart.Vwg);
    }
}
