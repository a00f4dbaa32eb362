using PaymentRecon.Matching;
using static PaymentRecon.Core.Tests.Matching.MatchingData;

namespace PaymentRecon.Core.Tests.Matching;

public sealed class SuggestionRankerTests
{
    private static readonly string KzA = Kz("100845456115");

    private static IReadOnlyList<Suggestion> Suggest(Receipt receipt, IReadOnlyList<OpenSoll> soll, IReadOnlyList<PriorBooking>? prior = null)
    {
        var finder = new KassenzeichenFinder(KassenzeichenFormat.Default);
        var ranker = new SuggestionRanker(soll, new Dictionary<long, Money>(), prior ?? [], MatchingOptions.Default);
        return ranker.Suggest(receipt, finder.Find(receipt).Candidates);
    }

    [Fact]
    public void Suggest_FindsATransposedKassenzeichen_ThatFitsTheAmount()
    {
        // Swap two neighbouring payload digits, then the check digit no longer fits.
        var transposed = KzA[..3] + KzA[4] + KzA[3] + KzA[5..];
        new KassenzeichenFinder(KassenzeichenFormat.Default).Evaluate(transposed).Should().Be(CandidateValidity.CheckDigitFails);

        var suggestions = Suggest(Credit(1, 120m, $"KZ {transposed}") with { PayerName = "Niemand" }, [Soll(1, KzA, 120m, debtor: "Jemand Anders"), Soll(2, Kz("999999999999"), 120m, debtor: "X Y")]);

        suggestions[0].Kassenzeichen.Should().Be(KzA);
        suggestions[0].Rank.Should().Be(1);
        suggestions[0].Reasons.Should().Contain(r => r.Contains("Zahlendreher", StringComparison.Ordinal));
        suggestions[0].Reasons.Should().Contain(r => r.Contains("entspricht dem offenen Betrag", StringComparison.Ordinal));
    }

    [Fact]
    public void Suggest_FindsATypo_InOneDigit()
    {
        var typo = KzA[..5] + (KzA[5] == '9' ? '0' : (char)(KzA[5] + 1)) + KzA[6..];

        var suggestions = Suggest(Credit(1, 50m, typo) with { PayerName = "Niemand" }, [Soll(1, KzA, 120m, debtor: "Jemand")]);

        suggestions.Should().ContainSingle().Which.Reasons[0].Should().Contain("um eine Stelle ab");
    }

    [Theory]
    [InlineData("Mueller, Hans")]
    [InlineData("HANS MÜLLER")]
    [InlineData("hans mueller")]
    public void Suggest_MatchesTheDebtorName_WithUmlautsCaseAndWordOrder(string payer)
    {
        var suggestions = Suggest(Credit(1, 77m, "Grundsteuer") with { PayerName = payer, PayerIban = null }, [Soll(1, KzA, 120m, debtor: "Hans Müller"), Soll(2, Kz("200000000001"), 50m, debtor: "Grete Weiß")]);

        suggestions.Should().ContainSingle().Which.Should().Match<Suggestion>(s => s.Kassenzeichen == KzA && s.Reasons.Any(r => r.Contains("stimmt mit dem Schuldner", StringComparison.Ordinal)));
    }

    [Fact]
    public void Suggest_FoldsSharpS()
    {
        var suggestions = Suggest(Credit(1, 77m) with { PayerName = "Grete Weiss", PayerIban = null }, [Soll(1, KzA, 120m, debtor: "Weiß, Grete")]);

        suggestions.Should().ContainSingle();
    }

    [Fact]
    public void Suggest_UsesThePayerIban_OnTheSollAndOnEarlierPayments()
    {
        var kzB = Kz("200000000001");
        var soll = new[] { Soll(1, KzA, 120m, debtor: "A", iban: "DE02 1203 0000 0000 2020 51"), Soll(2, kzB, 80m, debtor: "B") };
        var prior = new[] { PriorIst(9, soll[1], 80m) with { PayerIban = "DE02120300000000202051" } };

        var suggestions = Suggest(Credit(1, 33m) with { PayerName = "Unbekannt" }, soll, prior);

        suggestions.Select(s => s.Kassenzeichen).Should().Equal(KzA, kzB);
        suggestions[0].Reasons.Should().Contain("IBAN des Zahlers ist beim Soll hinterlegt");
        suggestions[1].Reasons.Should().Contain(r => r.Contains("früher", StringComparison.Ordinal));
    }

    [Fact]
    public void Suggest_UsesARareAmount_ButNotAnAmountHundredsOfSollShare()
    {
        var rare = Suggest(Credit(1, 123.45m) with { PayerName = null, PayerIban = null }, [Soll(1, KzA, 123.45m, debtor: "A")]);
        var common = Suggest(
            Credit(1, 50m) with { PayerName = null, PayerIban = null },
            [.. Enumerable.Range(1, 30).Select(i => Soll(i, Kz((100000000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture)), 50m, debtor: "A"))]);

        rare.Should().ContainSingle().Which.Score.Should().BeLessThan(50, "an amount alone is weak evidence");
        common.Should().BeEmpty();
    }

    [Fact]
    public void Suggest_GivesAtMostFive_RankedByScore()
    {
        var soll = Enumerable.Range(1, 12).Select(i => Soll(i, Kz((100000000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture)), 10m + i, Day.AddDays(-i), debtor: "Hans Müller")).ToList();

        var suggestions = Suggest(Credit(1, 13m) with { PayerName = "Hans Mueller", PayerIban = null }, soll);

        suggestions.Should().HaveCount(5);
        suggestions.Select(s => s.Rank).Should().Equal(1, 2, 3, 4, 5);
        suggestions.Select(s => s.Score).Should().BeInDescendingOrder();
        suggestions.Should().OnlyContain(s => s.Score >= 0 && s.Score <= 100);
        suggestions[0].OpenAmount.Should().Be(Money.Eur(13m));
    }

    [Fact]
    public void Suggest_DoesNotSuggestPaidSoll()
    {
        Suggest(Credit(1, 120m) with { PayerName = "Hans Müller" }, [Soll(1, KzA, 0m, debtor: "Hans Müller")]).Should().BeEmpty();
    }
}
