using PaymentRecon.Matching;
using static PaymentRecon.Core.Tests.Matching.MatchingData;

namespace PaymentRecon.Core.Tests.Matching;

public sealed class MatchingSessionTests
{
    [Fact]
    public void Decide_InChunks_GivesExactlyTheDecisionsOfOneMatchOverAll()
    {
        // Payers paying the same Kassenzeichen twice, part payments, typos and unknown numbers:
        // open amounts must carry over from chunk to chunk, suggestions see the end of the pass.
        var soll = Enumerable.Range(1, 40).Select(i => Soll(i, Kz((100000000000L + (i % 15)).ToString(System.Globalization.CultureInfo.InvariantCulture)), 10m * i, Day.AddDays(-i), $"A-{i:00}", debtor: $"Schuldner {i % 15}"))
            .Append(Soll(99, Kz("100845456115"), 120m)).ToList();
        var receipts = Enumerable.Range(1, 90).Select(i => (i % 9) switch
        {
            0 => Credit(i, 5m * i, $"KZ {BrokenKz((100000000000L + (i % 15)).ToString(System.Globalization.CultureInfo.InvariantCulture))}"),
            1 => Credit(i, 13m, "Rechnung ohne Nummer") with { PayerName = $"Schuldner {i % 15}" },
            _ => Credit(i, 7m * i, $"KZ {soll[i % 40].Kassenzeichen}"),
        } with { BookingDate = Day.AddDays(i % 4), ValueDate = Day.AddDays(i % 5) })
            .Append(Credit(91, 120m, $"KZ {BrokenKz("100845456115")}")).ToList();
        var whole = Match(receipts, soll);
        var ordered = receipts.Order(Comparer<Receipt>.Create(MatchingSession.Compare)).ToList();

        var session = new MatchingSession(soll, [], MatchingOptions.Default, recordForUndo: false);
        var decisions = ordered.Chunk(7).SelectMany(chunk => session.Decide(chunk)).ToList();
        var withSuggestions = ordered.Zip(decisions, session.WithSuggestions).ToList();

        withSuggestions.Should().BeEquivalentTo(whole.Decisions, o => o.WithStrictOrdering());
        withSuggestions.Should().Contain(d => d.Suggestions.Count > 0);
        ordered.Zip(decisions, (r, d) => session.WithSuggestions(MatchingSession.ForSuggestions(r), d)).Should().BeEquivalentTo(
            withSuggestions, o => o.WithStrictOrdering(), "a night's Klärfälle wait for the end of the pass in this form");
        session.OpenAmounts.Should().BeEquivalentTo(whole.OpenAmounts);
    }

    [Fact]
    public void Decide_WithUndoKeys_RecordsOnlyWhatAnUndoCanFind_AndDecidesAsRecordingEverything()
    {
        // Forty payments in one pass; later in it a return (by EndToEndId), a reversal (by the
        // Kassenzeichen in its text) and a second return of the first payment (doubt: undone already).
        var soll = Enumerable.Range(1, 40).Select(i => Soll(i, Kz((300000000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture)), 10m + i)).ToList();
        var payments = Enumerable.Range(1, 40).Select(i => Credit(i, 10m + i, $"KZ {soll[i - 1].Kassenzeichen}") with { EndToEndId = $"E-{i}" });
        var undoing = new[]
        {
            Credit(41, -15m, "RUECKLASTSCHRIFT") with { IsReturn = true, ReturnReason = "MD06", Gvc = "109", EndToEndId = "E-5" },
            Credit(42, -22m, $"STORNO {soll[11].Kassenzeichen}") with { IsReversal = true },
            Credit(43, -15m, "RUECKLASTSCHRIFT") with { IsReturn = true, ReturnReason = "MD06", Gvc = "109", EndToEndId = "E-5" },
        };
        var receipts = payments.Concat(undoing).ToList();
        var everything = new MatchingSession(soll, [], MatchingOptions.Default, recordForUndo: true);
        var bounded = new MatchingSession(soll, [], MatchingOptions.Default, PaymentMatcher.UndoKeysOf(receipts, MatchingOptions.Default));

        var all = everything.Decide(receipts);
        var some = bounded.Decide(receipts);

        some.Should().BeEquivalentTo(all, o => o.WithStrictOrdering());
        some.Select(d => d.OriginalReceiptId).Should().EndWith([5L, 12L, null]);
        some[^1].Reasons.Should().Contain(r => r.Contains("nicht bekannt", StringComparison.Ordinal), "the first return undid payment 5 already");
        everything.PriorReceiptCount.Should().Be(43);
        bounded.PriorReceiptCount.Should().Be(5, "payments 5 and 12, the two undos, and the second return (it carries E-5)");
        bounded.OpenAmounts.Should().BeEquivalentTo(everything.OpenAmounts);

        // A pass started with the keys of other receipts refuses a return it was not told of.
        var other = new MatchingSession(soll, [], MatchingOptions.Default, PaymentMatcher.UndoKeysOf(receipts.Take(42), MatchingOptions.Default));
        other.Decide([.. receipts.Take(42)]);
        var refused = () => other.Decide([receipts[^1] with { EndToEndId = "E-7" }]);
        refused.Should().Throw<InvalidOperationException>().WithMessage("*43*not started with*");
    }

    [Fact]
    public void OpenAmounts_HoldEveryPositionThePassChanged_InTheOrderItFirstChangedThem_AndGrowWithIt()
    {
        var kzA = Kz("100845456115");
        var kzB = Kz("200000000001");
        var session = new MatchingSession([Soll(1, kzA, 100m), Soll(2, kzB, 50m), Soll(3, Kz("300000000002"), 70m)], [], MatchingOptions.Default, recordForUndo: false);
        var openAmounts = session.OpenAmounts;

        session.Decide([Credit(10, 20m, $"KZ {kzB}")]);
        openAmounts.Should().Equal(new Dictionary<long, Money> { [2] = Money.Eur(30m) }, "the view is live");

        session.Decide([Credit(11, 100m, $"KZ {kzA}"), Credit(12, 30m, $"KZ {kzB}")]);

        openAmounts.Keys.Should().Equal(2L, 1L);
        openAmounts.Values.Should().Equal(Money.Eur(0m), Money.Eur(0m));
        openAmounts.Count.Should().Be(2);
        openAmounts.ContainsKey(3).Should().BeFalse("nothing was paid on it");
        openAmounts.TryGetValue(3, out _).Should().BeFalse();
        openAmounts.ContainsKey(4).Should().BeFalse("no such position");
        var untouched = () => openAmounts[3];
        untouched.Should().Throw<KeyNotFoundException>();
    }

    [Fact]
    public void Decide_RefusesAReceiptThatIsNotLaterThanTheOnesBefore()
    {
        var session = new MatchingSession([], [], MatchingOptions.Default, recordForUndo: false);
        session.Decide([Credit(2, 1m, "x")]);

        var earlier = () => session.Decide([Credit(1, 1m, "x")]);
        var again = () => session.Decide([Credit(2, 1m, "x")]);

        earlier.Should().Throw<ArgumentException>().WithMessage("*Receipt 1*");
        again.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Decide_RefusesAnUndo_WhenThePassDoesNotRecordForIt()
    {
        var session = new MatchingSession([], [], MatchingOptions.Default, recordForUndo: false);

        var act = () => session.Decide([Credit(1, -10m) with { IsReturn = true, ReturnReason = "MS03" }]);

        act.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void NameDebtors_GivesTheSuggestionsTheNamesAPassWithoutThemLacked_AndOnlyOpenPositionsAreAsked()
    {
        // As the nightly run loads them: no debtor names. One position is paid in the pass, one stays open.
        var named = new[] { Soll(1, Kz("100845456115"), 80m, debtor: "Erika Müller"), Soll(2, Kz("100000000001"), 50m, debtor: "Hans Schmidt") };
        var unnamed = named.Select(s => s with { DebtorName = "", DebtorIban = null }).ToList();
        var receipts = new[] { Credit(1, 50m, $"KZ {named[1].Kassenzeichen}"), Credit(2, 80m, "Gebühr") with { PayerName = "Mueller, Erika" } };
        var whole = Match(receipts, [.. named]);

        var withoutNames = new MatchingSession(unnamed, [], MatchingOptions.Default, recordForUndo: false);
        var blind = withoutNames.Decide(receipts);
        withoutNames.WithSuggestions(receipts[1], blind[1]).Suggestions.Should().NotContain(s => s.DebtorName == "Erika Müller");

        var session = new MatchingSession(unnamed, [], MatchingOptions.Default, recordForUndo: false);
        var decisions = session.Decide(receipts);
        session.OpenPositions().Select(s => s.PositionId).Should().Equal(1);
        session.NameDebtors(new Dictionary<long, (string Name, string? Iban)> { [1] = ("Erika Müller", null) });
        var decision = session.WithSuggestions(receipts[1], decisions[1]);

        decision.Suggestions.Should().BeEquivalentTo(whole.Decisions[1].Suggestions, o => o.WithStrictOrdering());
        decision.Suggestions.Should().Contain(s => s.Kassenzeichen == named[0].Kassenzeichen && s.DebtorName == "Erika Müller");
        var late = () => session.NameDebtors(new Dictionary<long, (string Name, string? Iban)>());
        late.Should().Throw<InvalidOperationException>();
    }
}
