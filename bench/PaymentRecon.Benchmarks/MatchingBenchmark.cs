using System.Diagnostics;
using System.Globalization;
using PaymentRecon.Matching;

namespace PaymentRecon.Benchmarks;

/// <summary>
/// <c>scripts/bench.sh matching [N]</c>: N receipts (default 1,000,000) against N open Soll in
/// memory. 90 % carry a valid Kassenzeichen in varied spellings (plain, grouped, tags, split across
/// lines, EndToEndId, RF reference); the rest are Klärfälle (broken check digit, unknown
/// Kassenzeichen, name only). Prints receipts/s for matching and suggestions, and peak memory.
/// </summary>
internal sealed class MatchingBenchmark : IBenchmark
{
    private static readonly string[] FirstNames = ["Hans", "Erika", "Jürgen", "Grete", "Ali", "Olga", "Paul", "Anna", "Mehmet", "Sophie", "Lukas", "Marie"];
    private static readonly string[] LastNames = ["Müller", "Schmidt", "Weiß", "Özdemir", "Becker", "Hoffmann", "Schäfer", "Koch", "Groß", "Wagner", "Krüger", "Neumann", "Zimmermann", "Braun", "Hartmann"];

    public string Name => "matching";

    public string Description => "matching and Klärfall suggestions for N receipts against N open Soll, in memory (default 1,000,000)";

    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var count = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var format = KassenzeichenFormat.Default;
        var random = new Random(20260310);
        var day = new DateOnly(2026, 3, 10);

        var generate = Stopwatch.StartNew();
        var soll = new OpenSoll[count];
        for (var i = 0; i < count; i++)
        {
            var kz = format.WithCheckDigit((100_000_000_000L + (i * 7919L)).ToString(CultureInfo.InvariantCulture));
            var amount = Money.Eur(random.Next(500, 500_000) / 100m);
            var name = $"{FirstNames[random.Next(FirstNames.Length)]} {LastNames[random.Next(LastNames.Length)]} {i % 997}";
            var iban = i % 3 == 0 ? Iban(i) : null;
            soll[i] = new OpenSoll(i + 1, kz, "PROSOZ-BAU", "A-" + i.ToString(CultureInfo.InvariantCulture), "1.6100.1000", amount, amount, day.AddDays(-random.Next(0, 60)), name, iban);
        }

        // Each Soll is paid at most once, in random order (a second payment would rightly find it closed).
        var order = Enumerable.Range(0, count).ToArray();
        random.Shuffle(order);
        var receipts = new Receipt[count];
        var klaerfaelle = 0;
        for (var i = 0; i < count; i++)
        {
            var target = soll[order[i]];
            var kz = target.Kassenzeichen;
            var variant = random.Next(100);
            var amount = random.Next(10) == 0 ? Money.Eur(Math.Max(1m, decimal.Round(target.OpenAmount.Amount / 2, 2))) : target.OpenAmount;
            string[] lines = [];
            string? endToEnd = null;
            string? reference = null;
            if (variant < 90)
            {
                switch (variant % 8)
                {
                    case 0: lines = [$"KZ {kz} Grundsteuer"]; break;
                    case 1: lines = [$"Kassenzeichen: {kz[..4]} {kz[4..8]} {kz[8..12]} {kz[12..]}"]; break;
                    case 2: lines = [$"EREF+NOTPROVIDED SVWZ+Gebuehr {kz[..4]}.{kz[4..8]}.{kz[8..12]}.{kz[12..]}"]; break;
                    case 3: lines = [$"Bescheid vom 12.03.2026 KZ {kz[..7]}", $"{kz[7..]} {target.DebtorName}"]; break;
                    case 4: lines = [$"kz:{kz[..4]}-{kz[4..8]}-{kz[8..12]}-{kz[12..]}"]; break;
                    case 5: lines = ["Danke"]; endToEnd = kz; break;
                    case 6: lines = ["Hundesteuer 2026"]; reference = RfFor(kz); break;
                    default: lines = [$"{target.DebtorName} Az {kz} vom 01.03.2026"]; break;
                }
            }
            else
            {
                klaerfaelle++;
                switch (variant % 3)
                {
                    case 0: lines = [$"KZ {kz[..^1]}{(char)('0' + ((kz[^1] - '0' + 1) % 10))}"]; break;
                    case 1: lines = [$"Zahlung {target.DebtorName}"]; break;
                    default: lines = [$"KZ {format.WithCheckDigit((900_000_000_000L + i).ToString(CultureInfo.InvariantCulture))}"]; break;
                }
            }

            receipts[i] = new Receipt
            {
                Id = i + 1,
                Amount = amount,
                BookingDate = day,
                ValueDate = day,
                RemittanceLines = lines,
                EndToEndId = endToEnd,
                CreditorReference = reference,
                PayerName = target.DebtorName,
                PayerIban = target.DebtorIban ?? Iban(count + i),
                Gvc = "166",
            };
        }

        Console.WriteLine($"generated {count:N0} receipts ({klaerfaelle:N0} meant as Klärfälle) and {count:N0} open Soll in {generate.Elapsed.TotalSeconds:N1} s");

        var options = MatchingOptions.Default with { ComputeSuggestions = false };
        var findOnly = Stopwatch.StartNew();
        var probe = new KassenzeichenFinder(format);
        var found = 0;
        foreach (var receipt in receipts)
        {
            found += probe.Find(receipt).Candidates.Count;
        }

        Console.WriteLine($"Kassenzeichen finder alone (part of matching): {findOnly.Elapsed.TotalSeconds:N2} s, {count / findOnly.Elapsed.TotalSeconds:N0} receipts/s ({found:N0} candidates)");
        Console.WriteLine($"before matching: {Measure.GarbageCollections()}");
        var match = Stopwatch.StartNew();
        var result = PaymentMatcher.Match(receipts, soll, [], options);
        match.Stop();
        var byRule = result.Decisions.GroupBy(d => d.Rule).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count():N0}");
        Console.WriteLine($"matching: {match.Elapsed.TotalSeconds:N2} s, {count / match.Elapsed.TotalSeconds:N0} receipts/s");
        Console.WriteLine("  " + string.Join(", ", byRule));
        Console.WriteLine($"after matching: {Measure.GarbageCollections()}");

        cancellationToken.ThrowIfCancellationRequested();
        var suggest = Stopwatch.StartNew();
        var ranker = new SuggestionRanker(soll, result.OpenAmounts, [], options with { ComputeSuggestions = true });
        var indexed = suggest.Elapsed;
        var finder = new KassenzeichenFinder(format);
        var byId = receipts.ToDictionary(r => r.Id);
        var suggested = 0;
        var withSuggestion = 0;
        foreach (var decision in result.Decisions)
        {
            if (!decision.OpensKlaerfall)
            {
                continue;
            }

            var receipt = byId[decision.ReceiptId];
            var suggestions = ranker.Suggest(receipt, finder.Find(receipt).Candidates, decision.Rule);
            suggested++;
            withSuggestion += suggestions.Count > 0 ? 1 : 0;
        }

        suggest.Stop();
        Console.WriteLine($"suggestions: {suggested:N0} Klärfälle in {suggest.Elapsed.TotalSeconds:N2} s (index {indexed.TotalSeconds:N2} s), {suggested / (suggest.Elapsed - indexed).TotalSeconds:N0} Klärfälle/s; {withSuggestion:N0} with at least one suggestion");
        Console.WriteLine($"after suggestions: {Measure.GarbageCollections()}");
        Console.WriteLine($"peak memory: {Measure.Format(Measure.PeakWorkingSetMiB(), "MiB")}");
        return Task.FromResult(0);
    }

    private static string RfFor(string payload)
    {
        for (var check = 2; check <= 98; check++)
        {
            var candidate = string.Create(CultureInfo.InvariantCulture, $"RF{check:00}{payload}");
            if (IsRf(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("no RF check digits");

        static bool IsRf(string rf)
        {
            var remainder = 0;
            foreach (var c in rf[4..] + rf[..4])
            {
                remainder = char.IsAsciiDigit(c) ? ((remainder * 10) + (c - '0')) % 97 : ((remainder * 100) + (c - 'A' + 10)) % 97;
            }

            return remainder == 1;
        }
    }

    // A syntactically valid German IBAN per number: check digits computed, no real account.
    private static string Iban(int number)
    {
        var bban = "12030000" + number.ToString("0000000000", CultureInfo.InvariantCulture);
        var remainder = 0;
        foreach (var c in bban + "131400")
        {
            remainder = ((remainder * 10) + (c - '0')) % 97;
        }

        return string.Create(CultureInfo.InvariantCulture, $"DE{98 - remainder:00}{bban}");
    }
}
