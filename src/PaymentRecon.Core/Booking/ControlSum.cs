namespace PaymentRecon.Booking;

/// <summary>
/// The contract's control sum, checked before export: every booked entry ends in exactly one
/// outcome, booked (lines adding up to the entry's signed amount) or out of scope (no lines).
/// Nothing lost, nothing booked twice.
/// </summary>
public static class ControlSum
{
    public static ControlSumResult Check(IEnumerable<ControlSumEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var violations = new List<ControlSumViolation>();
        var seen = new HashSet<(string, string)>();
        var statements = new SortedDictionary<string, Totals>(StringComparer.Ordinal);

        foreach (var entry in entries)
        {
            if (!statements.TryGetValue(entry.StatementId, out var totals))
            {
                totals = new Totals();
                statements[entry.StatementId] = totals;
            }

            totals.Entries++;
            totals.Turnover += entry.Amount.Amount;
            var before = violations.Count;
            void Violate(string message) => violations.Add(new ControlSumViolation(entry.StatementId, entry.EntryReference, message));

            if (!seen.Add((entry.StatementId, entry.EntryReference)))
            {
                Violate("Umsatz ist doppelt vorhanden: er würde zweimal gebucht.");
            }

            if (entry.LineAmounts.Any(l => l.Currency != entry.Amount.Currency))
            {
                Violate($"Buchungszeilen in einer anderen Währung als der Umsatz ({entry.Amount.Currency.Code}).");
            }

            var booked = entry.LineAmounts.Where(l => l.Currency == entry.Amount.Currency).Sum(l => l.Amount);
            if (entry.OutOfScope)
            {
                if (entry.LineAmounts.Count > 0)
                {
                    Violate("Umsatz ist als „nicht zu buchen“ eingestuft, hat aber Buchungszeilen.");
                }

                totals.OutOfScope++;
                totals.OutOfScopeSum += entry.Amount.Amount;
            }
            else if (entry.LineAmounts.Count == 0)
            {
                Violate($"Umsatz über {GermanFormat.Amount(entry.Amount)} hat kein Ergebnis: weder gebucht noch als „nicht zu buchen“ eingestuft.");
            }
            else
            {
                if (booked != entry.Amount.Amount)
                {
                    Violate($"Buchungszeilen ergeben {GermanFormat.Number(booked)}, der Umsatz beträgt {GermanFormat.Amount(entry.Amount)}.");
                }

                totals.Booked++;
            }

            totals.BookedSum += booked;
            totals.Violations += violations.Count - before;
        }

        return new ControlSumResult(
            [.. statements.Select(s => new ControlSumStatement(s.Key, s.Value.Entries, s.Value.Booked, s.Value.OutOfScope, s.Value.Turnover, s.Value.BookedSum, s.Value.OutOfScopeSum, s.Value.Violations))],
            violations);
    }

    private sealed class Totals
    {
        public int Entries { get; set; }

        public int Booked { get; set; }

        public int OutOfScope { get; set; }

        public decimal Turnover { get; set; }

        public decimal BookedSum { get; set; }

        public decimal OutOfScopeSum { get; set; }

        public int Violations { get; set; }
    }
}
