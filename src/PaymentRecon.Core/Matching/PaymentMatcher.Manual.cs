using PaymentRecon.Booking;

namespace PaymentRecon.Matching;

public static partial class PaymentMatcher
{
    /// <summary>
    /// A Klärfall assigned by staff to one or more Kassenzeichen: per target the held Verwahrgeld
    /// is released (negative VWG) and booked as IST onto the target's Soll positions, oldest due
    /// date first (or onto the one position named), Zuordnung MANUELL. Each target's amount must be
    /// open on it; all together at most what is held. What is not assigned stays VWG (Überzahlung).
    /// </summary>
    /// <param name="soll">At least the positions of the targets' Kassenzeichen, with their current open amounts.</param>
    /// <param name="reasons">German lines recorded with the decision (who proposed, who approved, why).</param>
    public static ManualPlan AssignManually(OpenKlaerfall klaerfall, IReadOnlyList<ManualTarget> targets, IReadOnlyList<OpenSoll> soll, IReadOnlyList<string> reasons)
    {
        ArgumentNullException.ThrowIfNull(klaerfall);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(soll);
        ArgumentNullException.ThrowIfNull(reasons);

        var held = klaerfall.VerwahrgeldAmount;
        if (targets.Count == 0)
        {
            return ManualPlan.Failed("Kein Kassenzeichen angegeben.");
        }

        if (held.Amount <= 0m || held.Currency != Currency.EUR)
        {
            return ManualPlan.Failed($"Klärfall {klaerfall.KlaerfallId}: es wird kein Verwahrgeld in EUR gehalten ({GermanFormat.Amount(held)}).");
        }

        if (targets.GroupBy(t => (t.Kassenzeichen, t.PositionId)).Any(g => g.Count() > 1))
        {
            return ManualPlan.Failed("Ein Kassenzeichen ist mehrfach angegeben; bitte je Kassenzeichen eine Zeile.");
        }

        var state = new MatchingState(soll, []);
        var rule = targets.Count == 1 ? ManualRules.Assign : ManualRules.Split;
        var lines = new List<PlannedBooking>();
        var remaining = held;
        var texts = new List<string>(reasons);
        foreach (var target in targets)
        {
            if (!state.TryGetPositions(target.Kassenzeichen, out var all))
            {
                return ManualPlan.Failed($"Zum Kassenzeichen {target.Kassenzeichen} liegt keine Soll-Stellung vor.");
            }

            var positions = target.PositionId is { } only ? new ArraySegment<OpenSoll>([.. all.Where(p => p.PositionId == only)]) : all;
            if (positions.Count == 0)
            {
                return ManualPlan.Failed($"Die Soll-Position {target.PositionId} gehört nicht zum Kassenzeichen {target.Kassenzeichen}.");
            }

            var open = state.OpenTotal(positions);
            if (open.Amount <= 0m)
            {
                return ManualPlan.Failed($"Kassenzeichen {target.Kassenzeichen} ist inzwischen vollständig bezahlt (nichts mehr offen).");
            }

            var amount = target.Amount ?? Money.Min(open, remaining);
            if (amount.Currency != Currency.EUR || amount.Amount <= 0m || !amount.FitsMinorUnits)
            {
                return ManualPlan.Failed($"Betrag {GermanFormat.Amount(amount)} für Kassenzeichen {target.Kassenzeichen} ist kein positiver Betrag in EUR mit höchstens zwei Nachkommastellen.");
            }

            if (amount > open)
            {
                return ManualPlan.Failed($"Kassenzeichen {target.Kassenzeichen}: offen sind nur noch {GermanFormat.Amount(open)}, zugeordnet werden sollen {GermanFormat.Amount(amount)}.");
            }

            if (amount > remaining)
            {
                return ManualPlan.Failed($"Die Beträge ergeben zusammen mehr als das Verwahrgeld des Klärfalls ({GermanFormat.Amount(held)}).");
            }

            lines.Add(new PlannedBooking(Satzart.Vwg, amount.Negate(), null, null, null, null, null, Zuordnung.Manuell, rule));
            var left = amount;
            var booked = new List<string>();
            foreach (var position in positions)
            {
                var positionOpen = state.OpenOf(position);
                if (left.Amount <= 0m || positionOpen.Amount <= 0m)
                {
                    continue;
                }

                var share = Money.Min(positionOpen, left);
                lines.Add(new PlannedBooking(Satzart.Ist, share, position.PositionId, position.Kassenzeichen, position.AnordnungsNr, position.Verfahren, position.Haushaltsstelle, Zuordnung.Manuell, rule));
                state.Book(position.PositionId, share);
                left -= share;
                booked.Add($"{position.Verfahren} {position.AnordnungsNr} {GermanFormat.Amount(share)}");
            }

            remaining -= amount;
            texts.Add($"Kassenzeichen {target.Kassenzeichen}: {GermanFormat.Amount(amount)} von {GermanFormat.Amount(open)} offen zugeordnet ({string.Join("; ", booked)}).");
        }

        texts.Add(remaining.IsZero
            ? $"Verwahrgeld {GermanFormat.Amount(held)} vollständig aufgelöst."
            : $"Verwahrgeld {GermanFormat.Amount(held - remaining)} aufgelöst; {GermanFormat.Amount(remaining)} bleiben als Überzahlung im Verwahrgeld.");
        var decision = new MatchDecision(klaerfall.Receipt.Id, MatchOutcome.KlaerfallResolved, rule, texts, lines, [], OpensKlaerfall: false, []);
        return new ManualPlan(decision, state.Changed, remaining, null);
    }
}
