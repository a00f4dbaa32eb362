using PaymentRecon.Booking;

namespace PaymentRecon.Matching;

/// <summary>
/// Decides for each receipt what it books (contract section 6): pure and deterministic, no clock,
/// no database. Receipts are processed by booking date, value date and id, whatever order they come
/// in, and open amounts are consumed as they go: a citizen paying twice finds the Soll closed the
/// second time. A wrong automatic booking is worse than none: every doubt ends in a Klärfall.
/// </summary>
public static partial class PaymentMatcher
{
    private static readonly string[] BankFeeGvcs = ["805", "808"];
    private static readonly string[] DebitReceivedGvcs = ["104", "105"];
    private static readonly string[] ReturnDebitGvcs = ["108", "109"];
    private static readonly string[] ReturnedPayoutGvcs = ["159", "160"];
    private const string ReversalDebitGvc = "193";

    public static MatchResult Match(
        IReadOnlyList<Receipt> receipts,
        IReadOnlyList<OpenSoll> openSoll,
        IReadOnlyList<PriorBooking> priorBookings,
        MatchingOptions options)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        ArgumentNullException.ThrowIfNull(openSoll);
        ArgumentNullException.ThrowIfNull(priorBookings);
        ArgumentNullException.ThrowIfNull(options);

        var ordered = Order(receipts, r => r);
        var session = ordered.Any(IsUndo)
            ? new MatchingSession(openSoll, priorBookings, options, UndoKeysOf(ordered, options))
            : new MatchingSession(openSoll, priorBookings, options, recordForUndo: false);
        var decisions = session.Decide(ordered);
        var result = new MatchDecision[decisions.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = session.WithSuggestions(ordered[i], decisions[i]);
        }

        return new MatchResult(result, session.OpenAmounts);
    }

    /// <summary>
    /// Tries open Klärfälle again against the Soll as it is now (newly imported positions included).
    /// Returns a decision only for the ones now certain: the held VWG released (negative VWG, rule
    /// <c>KZ-NACHTRAG</c>) and IST lines (AUTO), so each decision's lines add up to zero.
    /// </summary>
    public static MatchResult Retry(IReadOnlyList<OpenKlaerfall> klaerfaelle, IReadOnlyList<OpenSoll> openSoll, MatchingOptions options)
    {
        ArgumentNullException.ThrowIfNull(klaerfaelle);
        ArgumentNullException.ThrowIfNull(openSoll);
        ArgumentNullException.ThrowIfNull(options);

        var state = new MatchingState(openSoll, []);
        var finder = new KassenzeichenFinder(options.AllFormats());
        var decisions = new List<MatchDecision>();
        foreach (var klaerfall in Order(klaerfaelle, k => k.Receipt))
        {
            var receipt = klaerfall.Receipt;
            var held = klaerfall.VerwahrgeldAmount;
            if (held.Amount <= 0m || held.Currency != Currency.EUR || receipt.Amount.Amount <= 0m || receipt.IsReturn || receipt.IsReversal)
            {
                continue;
            }

            var findings = finder.Find(receipt);
            var plan = DecideByKassenzeichen(receipt, held, findings, state, options);
            if (plan.Outcome is not (MatchOutcome.Ist or MatchOutcome.IstWithSurplus or MatchOutcome.Split))
            {
                continue;
            }

            var release = new PlannedBooking(Satzart.Vwg, held.Negate(), null, null, null, null, null, Zuordnung.Auto, MatchRules.LateSoll);
            var reasons = new List<string>
            {
                $"Klärfall {klaerfall.KlaerfallId} (Zahlung vom {GermanFormat.Date(receipt.BookingDate)}, Verwahrgeld {GermanFormat.Amount(held)}) erneut geprüft: die Soll-Stellung liegt jetzt vor.",
            };
            reasons.AddRange(plan.Reasons);
            reasons.Add($"Verwahrgeld {GermanFormat.Amount(held)} wird aufgelöst.");
            decisions.Add(plan with
            {
                Outcome = MatchOutcome.KlaerfallResolved,
                Rule = MatchRules.LateSoll,
                Reasons = reasons,
                Bookings = [release, .. plan.Bookings],
            });
        }

        return new MatchResult(decisions, state.Changed);
    }

    private static T[] Order<T>(IReadOnlyList<T> items, Func<T, Receipt> receipt)
    {
        var seen = new HashSet<long>();
        foreach (var item in items)
        {
            if (!seen.Add(receipt(item).Id))
            {
                throw new ArgumentException($"Receipt {receipt(item).Id} is given twice.", nameof(items));
            }
        }

        var ordered = items.ToArray();
        Array.Sort(ordered, (left, right) => MatchingSession.Compare(receipt(left), receipt(right)));
        return ordered;
    }

    /// <summary>
    /// True for a receipt that undoes an earlier one (return, reversal, GVC 108/109/193): a pass
    /// that has one must make its own bookings findable as it goes.
    /// </summary>
    public static bool IsUndo(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return receipt.IsReversal || receipt.IsReturn || Array.IndexOf(ReturnDebitGvcs, receipt.Gvc) >= 0 || receipt.Gvc == ReversalDebitGvc;
    }

    internal static MatchDecision Decide(Receipt receipt, MatchingState state, KassenzeichenFinder finder, MatchingOptions options, ref KassenzeichenFindings findings)
    {
        if (receipt.Amount.IsZero)
        {
            return OutOfScope(receipt, MatchRules.ZeroAmount, "Umsatz über 0,00: nichts zu buchen.");
        }

        if (receipt.Currency != Currency.EUR)
        {
            return Klaerfall(receipt, receipt.Amount, MatchRules.Currency, [], [
                $"Umsatz in {receipt.Currency.Code}, nicht in EUR: wird nicht automatisch zugeordnet.",
            ]);
        }

        if (receipt.Amount.IsNegative)
        {
            if (receipt.IsReversal || receipt.Gvc == ReversalDebitGvc)
            {
                return Undo(receipt, state, finder, UndoKind.ReversalOfCredit);
            }

            if (receipt.IsReturn || Array.IndexOf(ReturnDebitGvcs, receipt.Gvc) >= 0)
            {
                return Undo(receipt, state, finder, UndoKind.Return);
            }

            if (Array.IndexOf(BankFeeGvcs, receipt.Gvc) >= 0)
            {
                return OutOfScope(receipt, MatchRules.BankFee, $"Bankentgelt/Abschluss (GVC {receipt.Gvc}): kein Zahlungseingang, geht an das Gebührenkonto.");
            }

            if (Array.IndexOf(DebitReceivedGvcs, receipt.Gvc) >= 0)
            {
                return OutOfScope(receipt, MatchRules.DebitReceived, $"Lastschrift zu Lasten unseres Kontos (GVC {receipt.Gvc}): kein Zahlungseingang.");
            }

            return OutOfScope(receipt, MatchRules.Outgoing, receipt.Gvc is null
                ? "Ausgehende Zahlung (Belastung): kein Zahlungseingang."
                : $"Ausgehende Zahlung (Belastung, GVC {receipt.Gvc}): kein Zahlungseingang.");
        }

        if (receipt.IsReversal)
        {
            return Undo(receipt, state, finder, UndoKind.ReversalOfDebit);
        }

        if (receipt.IsReturn || Array.IndexOf(ReturnedPayoutGvcs, receipt.Gvc) >= 0)
        {
            return Klaerfall(receipt, receipt.Amount, MatchRules.ReturnedPayout, [], [
                $"Rückläufer einer eigenen Auszahlung (Rückgabe{ReasonSuffix(receipt.ReturnReason)}): keine Zahlung eines Bürgers, nicht auf ein Soll buchen; Verwahrgeld für die Auszahlungsseite.",
            ]);
        }

        findings = finder.Find(receipt);
        return DecideByKassenzeichen(receipt, receipt.Amount, findings, state, options);
    }

    /// <summary>The Kassenzeichen rules of contract section 6 for <paramref name="amount"/> of a credit.</summary>
    private static MatchDecision DecideByKassenzeichen(Receipt receipt, Money amount, KassenzeichenFindings findings, MatchingState state, MatchingOptions options)
    {
        var candidates = findings.Candidates;
        var reasons = new List<string>(findings.Notes);
        foreach (var candidate in candidates)
        {
            reasons.Add(candidate.IsValid
                ? $"Kassenzeichen {candidate.Value} gefunden ({candidate.Where}, geschrieben „{candidate.Written}“), Prüfziffer stimmt."
                : $"„{candidate.Written}“ ({candidate.Where}) sieht aus wie ein Kassenzeichen, aber die Prüfziffer ist falsch.");
        }

        var broken = candidates.Where(c => !c.IsValid).Select(c => c.Value).ToList();
        var known = new List<(string Kassenzeichen, ArraySegment<OpenSoll> Positions, Money Open)>();
        var unknown = new List<string>();
        foreach (var candidate in candidates.Where(c => c.IsValid))
        {
            if (state.TryGetPositions(candidate.Value, out var positions)
                && options.FormatFor(positions[0].Verfahren).Check(candidate.Value) is null)
            {
                known.Add((candidate.Value, positions, state.OpenTotal(positions)));
            }
            else
            {
                unknown.Add(candidate.Value);
            }
        }

        if (known.Count == 0 && unknown.Count == 0)
        {
            if (broken.Count > 0)
            {
                reasons.Add($"Prüfziffer falsch ({string.Join(", ", broken)}): Tippfehler oder Zahlendreher möglich, daher keine automatische Buchung.");
                return Klaerfall(receipt, amount, MatchRules.CheckDigit, candidates, reasons);
            }

            reasons.Add("Kein Kassenzeichen gefunden (weder strukturierte Referenz noch Verwendungszweck).");
            return Klaerfall(receipt, amount, MatchRules.None, candidates, reasons);
        }

        if (known.Count == 0)
        {
            reasons.Add($"Kassenzeichen {string.Join(", ", unknown)} hat eine gültige Prüfziffer, aber es liegt (noch) keine Soll-Stellung dazu vor.");
            return Klaerfall(receipt, amount, MatchRules.Unknown, candidates, reasons);
        }

        if (broken.Count > 0 || unknown.Count > 0)
        {
            var doubt = broken.Count > 0
                ? $"daneben steht {string.Join(", ", broken)} mit falscher Prüfziffer"
                : $"daneben steht {string.Join(", ", unknown)} ohne Soll-Stellung";
            reasons.Add($"Zweifel: Kassenzeichen {string.Join(", ", known.Select(k => k.Kassenzeichen))} ist bekannt, {doubt}.");
            return Klaerfall(receipt, amount, MatchRules.Ambiguous, candidates, reasons);
        }

        var open = known.Where(k => k.Open.Amount > 0m).ToList();
        var closed = known.Where(k => k.Open.Amount <= 0m).ToList();
        if (open.Count == 0)
        {
            reasons.Add($"Kassenzeichen {string.Join(", ", closed.Select(k => k.Kassenzeichen))} ist bereits vollständig bezahlt: Überzahlung, der Betrag geht in das Verwahrgeld.");
            return Klaerfall(receipt, amount, MatchRules.Closed, candidates, reasons);
        }

        if (closed.Count > 0)
        {
            reasons.Add($"Zweifel: Kassenzeichen {string.Join(", ", open.Select(k => k.Kassenzeichen))} ist offen, {string.Join(", ", closed.Select(k => k.Kassenzeichen))} bereits bezahlt.");
            return Klaerfall(receipt, amount, MatchRules.Ambiguous, candidates, reasons);
        }

        if (open.Count == 1)
        {
            return Allocate(receipt, amount, open[0].Kassenzeichen, open[0].Positions, open[0].Open, candidates, reasons, state, options);
        }

        var total = open.Aggregate(Money.Eur(0m), (sum, k) => sum + k.Open);
        var list = string.Join(", ", open.Select(k => $"{k.Kassenzeichen} ({GermanFormat.Amount(k.Open)} offen)"));
        if (!options.AutoSplitAcrossKassenzeichen || total != amount)
        {
            reasons.Add(options.AutoSplitAcrossKassenzeichen
                ? $"Mehrere Kassenzeichen: {list}; zusammen {GermanFormat.Amount(total)} offen, gezahlt {GermanFormat.Amount(amount)}: passt nicht, keine automatische Aufteilung."
                : $"Mehrere Kassenzeichen: {list}; automatische Aufteilung ist abgeschaltet.");
            return Klaerfall(receipt, amount, MatchRules.Ambiguous, candidates, reasons);
        }

        reasons.Add($"Mehrere Kassenzeichen: {list}; die offenen Beträge ergeben zusammen genau den Zahlbetrag {GermanFormat.Amount(amount)}: je Kassenzeichen eine Ist-Buchung.");
        var lines = new List<PlannedBooking>();
        foreach (var (_, positions, _) in open)
        {
            foreach (var position in positions)
            {
                var positionOpen = state.OpenOf(position);
                if (positionOpen.Amount > 0m)
                {
                    lines.Add(Ist(position, positionOpen, MatchRules.Split));
                    state.Book(position.PositionId, positionOpen);
                }
            }
        }

        return new MatchDecision(receipt.Id, MatchOutcome.Split, MatchRules.Split, reasons, lines, candidates, false, []);
    }

    private static MatchDecision Allocate(
        Receipt receipt,
        Money amount,
        string kassenzeichen,
        ArraySegment<OpenSoll> positions,
        Money open,
        IReadOnlyList<KassenzeichenCandidate> candidates,
        List<string> reasons,
        MatchingState state,
        MatchingOptions options)
    {
        var difference = amount - open;
        var small = options.KleinbetragThreshold > 0m && !difference.IsZero && Math.Abs(difference.Amount) <= options.KleinbetragThreshold;
        string rule;
        if (difference.IsZero)
        {
            rule = MatchRules.Exact;
            reasons.Add($"Kassenzeichen {kassenzeichen}: offen {GermanFormat.Amount(open)}, gezahlt {GermanFormat.Amount(amount)}: Betrag stimmt, Soll ausgeglichen.");
        }
        else if (difference.IsNegative)
        {
            rule = small ? MatchRules.SmallDifference : MatchRules.PartialPayment;
            reasons.Add($"Kassenzeichen {kassenzeichen}: offen {GermanFormat.Amount(open)}, gezahlt {GermanFormat.Amount(amount)}: Teilzahlung, {GermanFormat.Amount(difference.Negate())} bleiben offen.");
            if (small)
            {
                reasons.Add($"Der Rest liegt unter der Kleinbetragsgrenze von {GermanFormat.Number(options.KleinbetragThreshold)} EUR; er bleibt am Soll offen zur Niederschlagung im Fachverfahren.");
            }
        }
        else
        {
            rule = small ? MatchRules.SmallDifference : MatchRules.Overpayment;
            reasons.Add($"Kassenzeichen {kassenzeichen}: offen {GermanFormat.Amount(open)}, gezahlt {GermanFormat.Amount(amount)}: Überzahlung, {GermanFormat.Amount(difference)} gehen in das Verwahrgeld.");
            if (small)
            {
                reasons.Add($"Die Überzahlung liegt unter der Kleinbetragsgrenze von {GermanFormat.Number(options.KleinbetragThreshold)} EUR: kein Klärfall.");
            }
        }

        var lines = new List<PlannedBooking>();
        var remaining = amount;
        foreach (var position in positions)
        {
            if (remaining.Amount <= 0m)
            {
                break;
            }

            var positionOpen = state.OpenOf(position);
            if (positionOpen.Amount <= 0m)
            {
                continue;
            }

            var share = Money.Min(positionOpen, remaining);
            lines.Add(Ist(position, share, rule));
            state.Book(position.PositionId, share);
            remaining -= share;
        }

        if (lines.Count > 1)
        {
            reasons.Add($"Verteilt auf {lines.Count} Soll-Positionen nach Fälligkeit, älteste zuerst: " +
                string.Join("; ", lines.Select(l => $"{l.Verfahren} {l.AnordnungsNr} {GermanFormat.Amount(l.Amount)}")) + ".");
        }

        if (remaining.Amount > 0m)
        {
            lines.Add(new PlannedBooking(Satzart.Vwg, remaining, null, null, null, null, null, Zuordnung.Auto, rule));
            return new MatchDecision(receipt.Id, MatchOutcome.IstWithSurplus, rule, reasons, lines, candidates, OpensKlaerfall: !small, []);
        }

        return new MatchDecision(receipt.Id, MatchOutcome.Ist, rule, reasons, lines, candidates, false, []);
    }

    private static PlannedBooking Ist(OpenSoll position, Money amount, string rule) =>
        new(Satzart.Ist, amount, position.PositionId, position.Kassenzeichen, position.AnordnungsNr, position.Verfahren, position.Haushaltsstelle, Zuordnung.Auto, rule);

    private static MatchDecision Klaerfall(Receipt receipt, Money amount, string rule, IReadOnlyList<KassenzeichenCandidate> candidates, List<string> reasons)
    {
        reasons.Add($"Klärfall: {GermanFormat.Amount(amount)} als Verwahrgeld gebucht.");
        var line = new PlannedBooking(Satzart.Vwg, amount, null, null, null, null, null, Zuordnung.Auto, rule);
        return new MatchDecision(receipt.Id, MatchOutcome.Klaerfall, rule, reasons, [line], candidates, OpensKlaerfall: true, []);
    }

    private static MatchDecision OutOfScope(Receipt receipt, string rule, string reason) =>
        new(receipt.Id, MatchOutcome.OutOfScope, rule, [reason], [], [], false, []);

    private static string ReasonSuffix(string? reason) => reason is null ? "" : $", Grund {reason}";
}
