using PaymentRecon.Booking;

namespace PaymentRecon.Matching;

/// <summary>
/// Ranked suggestions for Klärfälle: Kassenzeichen one edit away (typo, missing or extra character,
/// transposed neighbours: Damerau-Levenshtein 1) that fit the amount, the debtor's name, the payer
/// IBAN on the Soll or on earlier payments, the amount against open amounts, the value date against
/// due dates. Indexes are built once, so each Klärfall looks at a handful of Kassenzeichen, never at
/// all open Soll. Suggestions never book by themselves.
/// </summary>
public sealed class SuggestionRanker
{
    private const int MinimumScore = 20;

    // A name word shared by more Kassenzeichen than this ("schmidt", "gmbh") finds nothing by itself.
    private const int MaxTokenBucket = 200;

    private readonly Dictionary<string, Entry> _byKassenzeichen = new(StringComparer.Ordinal);
    private readonly Dictionary<decimal, List<Entry>> _byAmount = [];
    private readonly Dictionary<string, List<Entry>> _byToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(Entry Entry, bool FromSoll)>> _byIban = new(StringComparer.Ordinal);
    private readonly MatchingOptions _options;
    private readonly char[] _alphabet;

    /// <param name="openSoll">The Soll positions; those with nothing open are not suggested.</param>
    /// <param name="currentOpen">Open amounts that changed since <paramref name="openSoll"/> was read (this pass's bookings).</param>
    /// <param name="priorBookings">Earlier bookings: which payer IBAN paid which Kassenzeichen.</param>
    public SuggestionRanker(IReadOnlyList<OpenSoll> openSoll, IReadOnlyDictionary<long, Money> currentOpen, IReadOnlyList<PriorBooking> priorBookings, MatchingOptions options)
    {
        ArgumentNullException.ThrowIfNull(openSoll);
        ArgumentNullException.ThrowIfNull(currentOpen);
        ArgumentNullException.ThrowIfNull(priorBookings);
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _alphabet = [.. options.AllFormats().SelectMany(f => f.Alphabet).Distinct().Order()];

        foreach (var soll in openSoll)
        {
            var open = currentOpen.TryGetValue(soll.PositionId, out var changed) ? changed.Amount : soll.OpenAmount.Amount;
            if (open <= 0m)
            {
                continue;
            }

            if (!_byKassenzeichen.TryGetValue(soll.Kassenzeichen, out var entry))
            {
                entry = new Entry(soll.Kassenzeichen, soll.DebtorName, NameNormaliser.Tokens(soll.DebtorName));
                _byKassenzeichen[soll.Kassenzeichen] = entry;
            }

            entry.Open += open;
            entry.PositionOpen.Add(open);
            entry.DueDates.Add(soll.DueDate);
            if (NormaliseIban(soll.DebtorIban) is { } iban && !entry.SollIbans.Contains(iban))
            {
                entry.SollIbans.Add(iban);
            }
        }

        foreach (var entry in _byKassenzeichen.Values.OrderBy(e => e.Kassenzeichen, StringComparer.Ordinal))
        {
            Add(_byAmount, entry.Open, entry);
            foreach (var amount in entry.PositionOpen.Distinct())
            {
                if (amount != entry.Open)
                {
                    Add(_byAmount, amount, entry);
                }
            }

            foreach (var token in entry.Tokens)
            {
                Add(_byToken, token, entry);
            }

            foreach (var iban in entry.SollIbans)
            {
                AddIban(iban, entry, fromSoll: true);
            }
        }

        foreach (var booking in priorBookings)
        {
            if (booking.Satzart == Satzart.Ist && booking.Amount.Amount > 0m && booking.Kassenzeichen is not null
                && NormaliseIban(booking.PayerIban) is { } iban && _byKassenzeichen.TryGetValue(booking.Kassenzeichen, out var entry))
            {
                AddIban(iban, entry, fromSoll: false);
            }
        }
    }

    /// <summary>Up to <see cref="MatchingOptions.MaxSuggestions"/> suggestions, best first; ties by Kassenzeichen.</summary>
    public IReadOnlyList<Suggestion> Suggest(Receipt receipt, IReadOnlyList<KassenzeichenCandidate> candidates, string? rule = null)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(candidates);
        var amount = receipt.Amount.Amount;
        var found = new Dictionary<Entry, Evidence>();

        foreach (var candidate in candidates)
        {
            if (_byKassenzeichen.TryGetValue(candidate.Value, out var exact) && candidate.IsValid)
            {
                Get(found, exact).Reference = rule == MatchRules.Ambiguous
                    ? $"Kassenzeichen {exact.Kassenzeichen} steht im Verwendungszweck (nicht eindeutig)"
                    : $"Kassenzeichen {exact.Kassenzeichen} steht im Verwendungszweck";
            }

            AddNeighbours(candidate, found);
        }

        if (NormaliseIban(receipt.PayerIban) is { } iban && _byIban.TryGetValue(iban, out var byIban))
        {
            foreach (var (entry, fromSoll) in byIban)
            {
                var evidence = Get(found, entry);
                if (fromSoll)
                {
                    evidence.IbanOnSoll = true;
                }
                else
                {
                    evidence.IbanPaidBefore = true;
                }
            }
        }

        var tokens = NameNormaliser.Tokens(receipt.PayerName);
        foreach (var token in tokens)
        {
            if (_byToken.TryGetValue(token, out var byToken) && byToken.Count <= MaxTokenBucket)
            {
                foreach (var entry in byToken)
                {
                    Get(found, entry);
                }
            }
        }

        if (_byAmount.TryGetValue(amount, out var byAmount) && byAmount.Count <= _options.MaxAmountOnlyCandidates)
        {
            foreach (var entry in byAmount)
            {
                Get(found, entry);
            }
        }

        // Score every candidate without texts; the reasons are written for the few that are shown.
        var scored = new List<(Entry Entry, Evidence Evidence, int Score)>();
        foreach (var (entry, evidence) in found)
        {
            var score = Score(entry, evidence, receipt, tokens, null);
            if (score >= MinimumScore)
            {
                scored.Add((entry, evidence, score));
            }
        }

        return [.. scored
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Entry.Kassenzeichen, StringComparer.Ordinal)
            .Take(_options.MaxSuggestions)
            .Select((s, i) =>
            {
                var reasons = new List<string>();
                Score(s.Entry, s.Evidence, receipt, tokens, reasons);
                return new Suggestion(i + 1, s.Entry.Kassenzeichen, s.Score, Money.Eur(s.Entry.Open), s.Entry.DebtorName, reasons);
            })];
    }

    private int Score(Entry entry, Evidence evidence, Receipt receipt, string[] tokens, List<string>? reasons)
    {
        var amount = receipt.Amount.Amount;
        var score = 0;
        var amountFits = false;

        if (amount == entry.Open)
        {
            score += 25;
            amountFits = true;
            reasons?.Add($"Betrag {GermanFormat.Amount(receipt.Amount)} entspricht dem offenen Betrag");
        }
        else if (entry.PositionOpen.Contains(amount))
        {
            score += 20;
            amountFits = true;
            reasons?.Add($"Betrag {GermanFormat.Amount(receipt.Amount)} entspricht einer offenen Soll-Position");
        }
        else if (amount < entry.Open)
        {
            amountFits = true;
            score += 5;
            reasons?.Add($"Betrag passt als Teilzahlung (offen {GermanFormat.Number(entry.Open)} EUR)");
        }

        var similarity = NameNormaliser.Similarity(tokens, entry.Tokens);
        var nameFits = similarity >= 0.5;
        if (nameFits)
        {
            score += (int)Math.Round(20 * similarity);
            reasons?.Add(similarity >= 1 ? $"Name des Zahlers stimmt mit dem Schuldner „{entry.DebtorName}“ überein" : $"Name des Zahlers ähnelt dem Schuldner „{entry.DebtorName}“");
        }

        if (evidence.IbanOnSoll)
        {
            score += 25;
            reasons?.Add("IBAN des Zahlers ist beim Soll hinterlegt");
        }
        else if (evidence.IbanPaidBefore)
        {
            score += 20;
            reasons?.Add("von dieser IBAN wurde früher schon auf dieses Kassenzeichen gezahlt");
        }

        if (evidence.Reference is not null)
        {
            // A neighbour Kassenzeichen only counts when something else fits too: 1 in 10 neighbours of any number exists somewhere.
            if (evidence.IsEdit && !amountFits && !nameFits && !evidence.IbanOnSoll && !evidence.IbanPaidBefore)
            {
                return 0;
            }

            score += evidence.IsEdit ? 35 : 45;
            reasons?.Insert(0, evidence.Reference);
        }

        if (score > 0 && _options.DueDateWindowDays > 0)
        {
            var nearest = entry.DueDates.Min(d => Math.Abs(receipt.ValueDate.DayNumber - d.DayNumber));
            if (nearest <= _options.DueDateWindowDays)
            {
                score += (int)Math.Round(10.0 * (_options.DueDateWindowDays - nearest) / _options.DueDateWindowDays);
                reasons?.Add(nearest == 0 ? "Wertstellung am Fälligkeitstag" : $"Wertstellung {nearest} Tage vom Fälligkeitstag entfernt");
            }
        }

        // Amount alone (plus date) is weak evidence: it never reaches the top of the scale.
        return Math.Min(score, 100);
    }

    /// <summary>
    /// Looks up every string at Damerau-Levenshtein distance 1 over the formats' alphabet (about 280
    /// for 13 digits) in the index, without allocating a string per neighbour.
    /// </summary>
    private void AddNeighbours(KassenzeichenCandidate candidate, Dictionary<Entry, Evidence> found)
    {
        var value = candidate.Value;
        if (value.Length == 0 || value.Length > 40)
        {
            return;
        }

        var lookup = _byKassenzeichen.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> buffer = stackalloc char[value.Length + 1];

        var same = buffer[..value.Length];
        value.CopyTo(same);
        for (var i = 0; i + 1 < same.Length; i++)
        {
            if (same[i] != same[i + 1])
            {
                (same[i], same[i + 1]) = (same[i + 1], same[i]);
                Hit(same, "Zahlendreher");
                (same[i], same[i + 1]) = (same[i + 1], same[i]);
            }
        }

        for (var i = 0; i < same.Length; i++)
        {
            var original = same[i];
            foreach (var c in _alphabet)
            {
                if (c != original)
                {
                    same[i] = c;
                    Hit(same, "Tippfehler");
                }
            }

            same[i] = original;
        }

        var shorter = buffer[..(value.Length - 1)];
        for (var i = 0; i < value.Length; i++)
        {
            value.AsSpan(0, i).CopyTo(shorter);
            value.AsSpan(i + 1).CopyTo(shorter[i..]);
            Hit(shorter, "eine Stelle zu viel");
        }

        var longer = buffer[..(value.Length + 1)];
        for (var i = 0; i <= value.Length; i++)
        {
            value.AsSpan(0, i).CopyTo(longer);
            value.AsSpan(i).CopyTo(longer[(i + 1)..]);
            foreach (var c in _alphabet)
            {
                longer[i] = c;
                Hit(longer, "eine Stelle fehlt");
            }
        }

        void Hit(ReadOnlySpan<char> neighbour, string kind)
        {
            if (lookup.TryGetValue(neighbour, out var near))
            {
                var evidence = Get(found, near);
                evidence.Reference ??= $"Kassenzeichen {near.Kassenzeichen} weicht von „{candidate.Written}“ um eine Stelle ab ({kind})";
                evidence.IsEdit = true;
            }
        }
    }

    private static Evidence Get(Dictionary<Entry, Evidence> found, Entry entry)
    {
        if (!found.TryGetValue(entry, out var evidence))
        {
            evidence = new Evidence();
            found[entry] = evidence;
        }

        return evidence;
    }

    private void AddIban(string iban, Entry entry, bool fromSoll)
    {
        if (!_byIban.TryGetValue(iban, out var list))
        {
            list = [];
            _byIban[iban] = list;
        }

        var index = list.FindIndex(e => e.Entry == entry);
        if (index < 0)
        {
            list.Add((entry, fromSoll));
        }
        else if (fromSoll)
        {
            list[index] = (entry, true);
        }
    }

    private static void Add<TKey>(Dictionary<TKey, List<Entry>> index, TKey key, Entry entry)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index[key] = list;
        }

        list.Add(entry);
    }

    private static string? NormaliseIban(string? iban)
    {
        if (string.IsNullOrWhiteSpace(iban))
        {
            return null;
        }

        var compact = KassenzeichenFormat.Normalise(iban);
        return compact.Length >= 15 ? compact : null;
    }

    /// <summary>One open Kassenzeichen with what suggestions compare against.</summary>
    private sealed class Entry(string kassenzeichen, string debtorName, string[] tokens)
    {
        public string Kassenzeichen { get; } = kassenzeichen;

        public string DebtorName { get; } = debtorName;

        public string[] Tokens { get; } = tokens;

        public decimal Open { get; set; }

        public List<decimal> PositionOpen { get; } = [];

        public List<DateOnly> DueDates { get; } = [];

        public List<string> SollIbans { get; } = [];
    }

    private sealed class Evidence
    {
        public string? Reference { get; set; }

        public bool IsEdit { get; set; }

        public bool IbanOnSoll { get; set; }

        public bool IbanPaidBefore { get; set; }
    }
}
