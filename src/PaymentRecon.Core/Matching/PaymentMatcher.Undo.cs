using PaymentRecon.Booking;

namespace PaymentRecon.Matching;

/// <summary>Returns and reversals: find the original receipt and undo what it booked.</summary>
public static partial class PaymentMatcher
{
    private enum UndoKind
    {
        /// <summary>Rücklastschrift (RtrInf, GVC 108/109): debit of the original amount plus charges.</summary>
        Return,

        /// <summary>Storno (RvslInd) debit: the original was a credit.</summary>
        ReversalOfCredit,

        /// <summary>Storno (RvslInd) credit: the original was a debit, e.g. a return now cancelled.</summary>
        ReversalOfDebit,
    }

    private static MatchDecision Undo(Receipt receipt, MatchingState state, KassenzeichenFinder finder, UndoKind kind)
    {
        var entry = receipt.Amount.Abs();
        var charges = receipt.Charges is { } c ? c.Abs() : Money.Eur(0m);
        var original = kind == UndoKind.Return && receipt.InstructedAmount is { } instructed ? instructed.Abs() : entry - charges;
        var fee = entry - original;
        var (rule, unknownRule, label) = kind == UndoKind.Return
            ? (MatchRules.Return, MatchRules.ReturnUnknown, $"Rücklastschrift{ReasonSuffix(receipt.ReturnReason)}{ReturnReasonText(receipt.ReturnReason)}")
            : (MatchRules.Reversal, MatchRules.ReversalUnknown, kind == UndoKind.ReversalOfCredit ? "Storno der Bank (Rückbuchung einer Gutschrift)" : "Storno der Bank (Rückbuchung einer Belastung)");
        var reasons = new List<string>
        {
            $"{label}: Umsatz {GermanFormat.Amount(receipt.Amount)}, ursprünglicher Betrag {GermanFormat.Amount(original)}" + (fee.IsZero ? "." : $", Gebühren {GermanFormat.Amount(fee)}."),
        };

        if (fee.IsNegative || original.Amount <= 0m)
        {
            reasons.Add("Ursprungsbetrag und Gebühren passen nicht zum Umsatz: kann nicht automatisch zugeordnet werden.");
            return Klaerfall(receipt, receipt.Amount, unknownRule, [], reasons);
        }

        // The original's lines add up to +original for a credit, −original for a debit (a return).
        var target = kind == UndoKind.ReversalOfDebit ? -original.Amount : original.Amount;
        var (prior, how, doubt) = FindOriginal(receipt, target, state, finder);
        if (prior is null)
        {
            reasons.Add(doubt ?? "Die ursprüngliche Buchung ist nicht bekannt (weder über EndToEndId, Bankreferenz, Mandat noch Kassenzeichen und Betrag).");
            return Klaerfall(receipt, receipt.Amount, unknownRule, [], reasons);
        }

        var lines = new List<PlannedBooking>();
        foreach (var line in prior.NetLines())
        {
            lines.Add(new PlannedBooking(line.Satzart, line.Amount.Negate(), line.PositionId, line.Kassenzeichen, line.AnordnungsNr, line.Verfahren, line.Haushaltsstelle, Zuordnung.Auto, rule));
            if (line.Satzart == Satzart.Ist && line.PositionId is { } position)
            {
                // The undo line is the negated IST: booking it gives the amount back to the position.
                state.Book(position, line.Amount.Negate());
            }
        }

        reasons.Add($"Ursprüngliche Buchung gefunden über {how}: Zahlung {prior.ReceiptId} vom {GermanFormat.Date(prior.BookingDate)}.");
        var reopened = lines.Where(l => l.Satzart == Satzart.Ist).ToList();
        if (reopened.Count > 0)
        {
            reasons.Add(kind == UndoKind.ReversalOfDebit
                ? "Die Rückbuchung wird aufgehoben: " + string.Join("; ", reopened.Select(l => $"IST {GermanFormat.Amount(l.Amount)} auf Kassenzeichen {l.Kassenzeichen} ({l.Verfahren} {l.AnordnungsNr})")) + "."
                : "Ist-Buchung storniert, Soll wieder offen: " + string.Join("; ", reopened.Select(l => $"{GermanFormat.Amount(l.Amount.Negate())} auf Kassenzeichen {l.Kassenzeichen} ({l.Verfahren} {l.AnordnungsNr})")) + ".");
        }

        if (lines.Any(l => l.Satzart == Satzart.Vwg))
        {
            reasons.Add("Das Verwahrgeld der ursprünglichen Zahlung wird ebenfalls zurückgebucht.");
        }

        if (!fee.IsZero)
        {
            var sign = receipt.Amount.IsNegative ? fee.Negate() : fee;
            lines.Add(new PlannedBooking(Satzart.Geb, sign, null, null, null, null, null, Zuordnung.Auto, MatchRules.Charges));
            reasons.Add($"Gebühren {GermanFormat.Amount(fee)} als GEB gebucht.");
        }

        var outcome = kind == UndoKind.Return ? MatchOutcome.Return : MatchOutcome.Reversal;
        return new MatchDecision(receipt.Id, outcome, rule, reasons, lines, [], false, [], prior.ReceiptId);
    }

    /// <summary>
    /// The keys <see cref="FindOriginal"/> would look up for those of <paramref name="receipts"/>
    /// that undo something (<see cref="IsUndo"/>), so that only the earlier booking lines carrying
    /// one of them need to be read: the same lookups, in the same order, as the matching's.
    /// </summary>
    public static UndoKeys UndoKeysOf(IEnumerable<Receipt> receipts, MatchingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return UndoKeysWith(receipts, new KassenzeichenFinder(options.AllFormats()));
    }

    /// <summary><see cref="UndoKeysOf"/> with the finder of a pass.</summary>
    internal static UndoKeys UndoKeysWith(IEnumerable<Receipt> receipts, KassenzeichenFinder finder)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        var endToEnd = new SortedSet<string>(StringComparer.Ordinal);
        var references = new SortedSet<string>(StringComparer.Ordinal);
        var mandates = new SortedSet<string>(StringComparer.Ordinal);
        var kassenzeichen = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var receipt in receipts.Where(IsUndo))
        {
            Add(endToEnd, receipt.EndToEndId);
            Add(references, receipt.AccountServicerReference);
            Add(mandates, receipt.MandateId);
            foreach (var candidate in finder.Find(receipt).Candidates.Where(c => c.IsValid))
            {
                kassenzeichen.Add(candidate.Value);
            }
        }

        return new UndoKeys([.. endToEnd], [.. references], [.. mandates], [.. kassenzeichen]);

        static void Add(SortedSet<string> keys, string? key)
        {
            if (UsableKey(key) is { } usable)
            {
                keys.Add(usable);
            }
        }
    }

    private static string? UsableKey(string? key) =>
        string.IsNullOrWhiteSpace(key) || key.Equals("NOTPROVIDED", StringComparison.OrdinalIgnoreCase) ? null : key;

    /// <summary>
    /// The earlier receipt this one undoes: not undone yet, booked no later, its lines adding up to
    /// <paramref name="target"/>; found by EndToEndId, else bank reference, else mandate, else the
    /// Kassenzeichen in the text. More than one fitting original on the first key that has any is doubt.
    /// </summary>
    private static (PriorReceipt? Prior, string How, string? Doubt) FindOriginal(Receipt receipt, decimal target, MatchingState state, KassenzeichenFinder finder)
    {
        var keys = new (string? Key, Func<string, IEnumerable<PriorReceipt>> Lookup, string How)[]
        {
            (UsableKey(receipt.EndToEndId), state.ByEndToEnd, $"EndToEndId {receipt.EndToEndId}"),
            (UsableKey(receipt.AccountServicerReference), state.ByServicerRef, $"Bankreferenz {receipt.AccountServicerReference}"),
            (UsableKey(receipt.MandateId), state.ByMandate, $"Mandat {receipt.MandateId} und Betrag"),
        };

        foreach (var (key, lookup, how) in keys)
        {
            if (key is null)
            {
                continue;
            }

            var fitting = lookup(key).Where(p => Fits(p, receipt, target)).Distinct().ToList();
            if (fitting.Count == 1)
            {
                return (fitting[0], how, null);
            }

            if (fitting.Count > 1)
            {
                return (null, how, $"Mehrere frühere Zahlungen passen ({how}: {string.Join(", ", fitting.Select(p => p.ReceiptId))}): Zweifel, keine automatische Rückbuchung.");
            }
        }

        var byKassenzeichen = finder.Find(receipt).Candidates
            .Where(c => c.IsValid)
            .SelectMany(c => state.ByKassenzeichen(c.Value))
            .Where(p => Fits(p, receipt, target))
            .Distinct()
            .ToList();
        return byKassenzeichen.Count switch
        {
            1 => (byKassenzeichen[0], "Kassenzeichen und Betrag", null),
            > 1 => (null, "", $"Mehrere frühere Zahlungen auf das Kassenzeichen passen ({string.Join(", ", byKassenzeichen.Select(p => p.ReceiptId))}): Zweifel, keine automatische Rückbuchung."),
            _ => (null, "", null),
        };

        static bool Fits(PriorReceipt prior, Receipt receipt, decimal target) =>
            !prior.Undone && prior.ReceiptId != receipt.Id && prior.BookingDate <= receipt.BookingDate && prior.NetTotal == target;
    }

    private static string ReturnReasonText(string? code) => code switch
    {
        "AC01" => " (IBAN fehlerhaft)",
        "AC04" => " (Konto erloschen)",
        "AC06" => " (Konto gesperrt)",
        "AG01" => " (Lastschrift auf diesem Konto nicht erlaubt)",
        "AM04" => " (Deckung unzureichend)",
        "AM05" => " (Doppelte Einreichung)",
        "MD01" => " (kein gültiges Mandat)",
        "MD02" => " (Mandatsdaten fehlerhaft)",
        "MD06" => " (Erstattung auf Wunsch des Zahlers)",
        "MD07" => " (Zahler verstorben)",
        "MS02" => " (Widerspruch des Zahlers)",
        "MS03" => " (Grund nicht angegeben)",
        "SL01" => " (besonderer Dienst der Zahlerbank)",
        _ => "",
    };
}
