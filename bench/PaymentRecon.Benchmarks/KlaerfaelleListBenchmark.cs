using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PaymentRecon.Data;
using PaymentRecon.Data.Klaerfaelle;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Host.Runs;

namespace PaymentRecon.Benchmarks;

/// <summary>
/// <c>scripts/bench.sh klaerfaelle-list [N]</c>: N open Klärfälle (default 10,000) made by the real
/// path (a Soll file and a camt.053 whose credits all end in the Klärfälle: check-digit typos,
/// unknown Kassenzeichen, names only; booking dates over 90 days), one nightly run on a fresh
/// database of the embedded server; then the worklist query the dashboard runs, for several filter
/// combinations, each repeated; prints median and p95 per combination.
/// </summary>
internal sealed class KlaerfaelleListBenchmark : IBenchmark
{
    private const int Repetitions = 40;

    private static readonly string[] FirstNames = ["Anna", "Björn", "Dieter", "Gülsen", "Hans-Peter", "Heike", "Jörg", "Käthe", "Klaus", "Małgorzata", "Mehmet", "Özlem", "Renate", "Stefan", "Thomas", "Ursula"];
    private static readonly string[] LastNames = ["Bäcker", "Böhm", "Fuchs", "Groß", "Jäger", "Kaya", "Köhler", "Krüger", "Lorenz", "Meißner", "Müller", "Öztürk", "Schäfer", "Schmidt", "Schröder", "Strauß", "Wagner", "Weiß", "Zimmermann"];

    public string Name => "klaerfaelle-list";

    public string Description => "worklist query over N open Klärfälle (default 10000): median and p95 per filter combination";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var size = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var benchDir = Environment.GetEnvironmentVariable("PAYMENTRECON_BENCH_DIR") ?? ".bench";
        var server = Environment.GetEnvironmentVariable("PAYMENTRECON_DB") ?? throw new InvalidOperationException("PAYMENTRECON_DB is not set (scripts/bench.sh sets it).");
        var work = Path.Combine(benchDir, string.Create(CultureInfo.InvariantCulture, $"klaerfaelle-{Environment.ProcessId}"));
        Generate(Path.Combine(work, "inbox"), size);
        var database = string.Create(CultureInfo.InvariantCulture, $"klaerfaelle_bench_{Environment.ProcessId}");
        var connectionString = await ScratchDatabase.CreateAsync(server, database).ConfigureAwait(false);

        try
        {
            await using var dataSource = Database.CreateDataSource(connectionString, "paymentrecon-bench");
            var folders = new RunFolders(Path.Combine(work, "inbox"), Path.Combine(work, "outbox"), Path.Combine(work, "archive"), Path.Combine(work, "quarantine"));
            var started = Stopwatch.GetTimestamp();
            var result = await new NightlyRun(dataSource, new PaymentReconOptions(), NullLoggerFactory.Instance, TimeProvider.System)
                .ExecuteAsync(new RunRequest(new DateOnly(2026, 11, 27), RunTrigger.CommandLine, folders), cancellationToken).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Seeded through import + reconcile in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s (exit code {result.ExitCode})."));
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
            {
                // Statistics as autovacuum would have them a minute later.
                await using var analyze = new NpgsqlCommand("ANALYZE recon.klaerfall; ANALYZE recon.klaerfall_info; ANALYZE recon.klaerfall_proposal; ANALYZE recon.soll;", connection);
                await analyze.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var queries = new KlaerfallQueries(dataSource);
            var open = await queries.OpenCountAsync(cancellationToken).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{open:N0} open Klärfälle; each query {Repetitions} times (after one warm-up), wall time in this process including the round trip."));
            Console.WriteLine("| query | rows on page | matching | median | p95 |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
            var today = new DateOnly(2026, 11, 27);
            var cases = new (string Name, KlaerfallFilter Filter)[]
            {
                ("no filter, by booking date, page 1 of 50", new KlaerfallFilter { Today = today }),
                ("no filter, by payer, page 100 of 50", new KlaerfallFilter { Today = today, Sort = KlaerfallSort.Payer, Page = 100 }),
                ("free text \"müller\" (payer/IBAN/remittance)", new KlaerfallFilter { Today = today, Text = "müller" }),
                ("free text IBAN with spaces \"DE12 5001\"", new KlaerfallFilter { Today = today, Text = "DE12 5001" }),
                ("free text \"rechnung 90012\"", new KlaerfallFilter { Today = today, Text = "rechnung 90012" }),
                ("amount 100–200, by amount descending", new KlaerfallFilter { Today = today, AmountFrom = 100m, AmountTo = 200m, Sort = KlaerfallSort.Amount, Descending = true }),
                ("rule KZ-PRUEFZIFFER, booked in the last 30 days, by payer", new KlaerfallFilter { Today = today, Rule = "KZ-PRUEFZIFFER", BookedFrom = today.AddDays(-30), Sort = KlaerfallSort.Payer }),
                ("account + age ≥ 0 days + unassigned, by age", new KlaerfallFilter { Today = today, AccountIban = "DE89 3704 0044 0532 0130 00", MinAgeDays = 0, AssignedTo = KlaerfallFilter.Unassigned, Sort = KlaerfallSort.Age }),
                ("everything at once", new KlaerfallFilter { Today = today, Text = "schmidt", AmountFrom = 20m, AmountTo = 1_500m, Rule = "KZ-FEHLT", BookedFrom = today.AddDays(-90), BookedTo = today, AccountIban = "DE89370400440532013000", MaxAgeDays = 30 }),
            };
            var slowest = 0.0;
            foreach (var (name, filter) in cases)
            {
                var page = await queries.ListAsync(filter, cancellationToken).ConfigureAwait(false);
                var times = new List<double>();
                for (var i = 0; i < Repetitions; i++)
                {
                    var (_, elapsed) = await Measure.TimeAsync(() => queries.ListAsync(filter, cancellationToken)).ConfigureAwait(false);
                    times.Add(elapsed.TotalMilliseconds);
                }

                var (median, p95) = Percentiles(times);
                slowest = Math.Max(slowest, p95);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {page.Rows.Count} | {page.TotalCount:N0} | {median:0.0} ms | {p95:0.0} ms |"));
            }

            var count = await Time(() => queries.OpenCountAsync(cancellationToken)).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| open count (menu badge) | – | {open:N0} | {count.Median:0.0} ms | {count.P95:0.0} ms |"));
            var someId = (await queries.ListAsync(new KlaerfallFilter { Today = today, Rule = "KZ-PRUEFZIFFER" }, cancellationToken).ConfigureAwait(false)).Rows[0].Id;
            var detail = await Time(() => queries.DetailAsync(someId, cancellationToken)).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| one Klärfall's page (detail with suggestions, Soll, audit) | – | 1 | {detail.Median:0.0} ms | {detail.P95:0.0} ms |"));
            var search = await Time(() => queries.SearchSollAsync("Schmidt", 50, cancellationToken)).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Soll search by debtor name \"Schmidt\" | – | – | {search.Median:0.0} ms | {search.P95:0.0} ms |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Slowest worklist p95: {slowest:0.0} ms (target: well under 300 ms). Peak memory {Measure.PeakWorkingSetMiB():N0} MiB."));
            return 0;
        }
        finally
        {
            await ScratchDatabase.DropAsync(server, database).ConfigureAwait(false);

            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<(double Median, double P95)> Time<T>(Func<Task<T>> action)
    {
        await action().ConfigureAwait(false);
        var times = new List<double>();
        for (var i = 0; i < Repetitions; i++)
        {
            times.Add((await Measure.TimeAsync(action).ConfigureAwait(false)).Elapsed.TotalMilliseconds);
        }

        return Percentiles(times);
    }

    private static (double Median, double P95) Percentiles(List<double> times)
    {
        times.Sort();
        return (times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1]);
    }

    /// <summary>
    /// A Soll file of N/5 positions and a camt.053 of N credits none of which can be booked
    /// automatically: a third with a check-digit typo of a real Kassenzeichen (suggestions), a third
    /// with a valid Kassenzeichen no Soll has, a third with only a name and an invoice number.
    /// </summary>
    private static void Generate(string inbox, int size)
    {
        var receivables = Path.Combine(inbox, "receivables");
        var statements = Path.Combine(inbox, "statements");
        Directory.CreateDirectory(receivables);
        Directory.CreateDirectory(statements);
        var sollCount = Math.Max(size / 5, 1);
        var kz = new string[sollCount];
        using (var soll = new StreamWriter(Path.Combine(receivables, "soll.csv"), false, new UTF8Encoding(false), 1 << 20))
        {
            soll.Write("Verfahren;AnordnungsNr;Kassenzeichen;Betrag;Faellig;Schuldner;IBAN;Haushaltsstelle;Text\n");
            for (var i = 0; i < sollCount; i++)
            {
                kz[i] = KassenzeichenFormat.Default.WithCheckDigit((530_000_000_000L + i).ToString(CultureInfo.InvariantCulture));
                soll.Write(string.Create(CultureInfo.InvariantCulture,
                    $"HUNDESTEUER;H-{i:D9};{kz[i]};{Amount(i).ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',')};{new DateOnly(2026, 1, 1).AddDays(i % 300):dd.MM.yyyy};{Payer(i)};;1.9000.0320;Hundesteuer {i}\n"));
            }
        }

        var total = 0m;
        var entries = new StringBuilder();
        for (var i = 0; i < size; i++)
        {
            var amount = Amount(i * 7 + 3);
            total += amount;
            var k = kz[i % sollCount];
            var text = (i % 3) switch
            {
                0 => $"KZ {k[..^1]}{(char)('0' + ((k[^1] - '0' + 1) % 10))} Hundesteuer",
                1 => $"Kassenzeichen {KassenzeichenFormat.Default.WithCheckDigit((540_000_000_000L + i).ToString(CultureInfo.InvariantCulture))}",
                _ => $"Rechnung {900_000 + i} {Payer(i)}",
            };
            var day = new DateOnly(2026, 11, 27).AddDays(-(i % 90));
            entries.Append(CultureInfo.InvariantCulture,
                $"<Ntry><Amt Ccy=\"EUR\">{amount:0.00}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>{day:yyyy-MM-dd}</Dt></BookgDt><ValDt><Dt>{day:yyyy-MM-dd}</Dt></ValDt><AcctSvcrRef>K{i:D10}</AcctSvcrRef><BkTxCd><Prtry><Cd>NTRF+166+00931</Cd><Issr>DK</Issr></Prtry></BkTxCd><NtryDtls><TxDtls><Refs><EndToEndId>E2E-{i}</EndToEndId></Refs><Amt Ccy=\"EUR\">{amount:0.00}</Amt><CdtDbtInd>CRDT</CdtDbtInd><RltdPties><Dbtr><Pty><Nm>{Payer(i * 31 + 7)}</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>{GermanIban(i)}</IBAN></Id></DbtrAcct></RltdPties><RmtInf><Ustrd>{text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n");
        }

        using var camt = new StreamWriter(Path.Combine(statements, "camt053.xml"), false, new UTF8Encoding(false), 1 << 20);
        camt.Write("""<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>KLAERFAELLE-BENCH</MsgId><CreDtTm>2026-11-28T06:00:00+01:00</CreDtTm></GrpHdr><Stmt><Id>KLAERFAELLE-BENCH-1</Id><ElctrncSeqNb>1</ElctrncSeqNb><LglSeqNb>1</LglSeqNb><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>""");
        camt.Write("<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-27</Dt></Dt></Bal>");
        camt.Write(string.Create(CultureInfo.InvariantCulture, $"<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">{total:0.00}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-27</Dt></Dt></Bal>\n"));
        camt.Write(entries.ToString());
        camt.Write("</Stmt></BkToCstmrStmt></Document>\n");
    }

    private static decimal Amount(int i) => 20m + (i * 7919L % 150_000) / 100m;

    private static string Payer(int i) => FirstNames[i % FirstNames.Length] + " " + LastNames[i / FirstNames.Length % LastNames.Length];

    /// <summary>A German IBAN with valid check digits (ISO 7064 MOD 97-10) from bank code 500 100 xx.</summary>
    private static string GermanIban(int i)
    {
        var bban = string.Create(CultureInfo.InvariantCulture, $"500100{i % 100:D2}{i:D10}");
        var check = 98 - (int)(BigInteger.Parse(bban + "131400", CultureInfo.InvariantCulture) % 97);
        return string.Create(CultureInfo.InvariantCulture, $"DE{check:D2}{bban}");
    }
}
