using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using PaymentRecon.Data;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Host.Runs;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.Benchmarks;

/// <summary>
/// <c>scripts/bench.sh klaerfaelle-page [N]</c>: N open Klärfälle (default 10,000) made the way
/// production makes them (a Soll file and camt.053 statements of two accounts whose credits name no
/// Kassenzeichen, through one real nightly run), then a real <c>paymentrecon serve</c> and timed
/// HTTP GETs of the worklist page, logged in, for several filter combinations: median and p95.
/// Target: under 300 ms.
/// </summary>
internal sealed partial class KlaerfaellePageBenchmark : IBenchmark
{
    private const int Rounds = 20;

    private static readonly string[] FirstNames = ["Jürgen", "Anna", "Peter", "Zoë", "Karl", "Grete", "Hans", "Lisa", "Ömer", "Fritz", "Erika", "Max", "Małgorzata", "Björn"];
    private static readonly string[] LastNames = ["Müller", "Schröder", "Weiß", "Groß", "Öztürk", "Meier", "Schulz", "Krämer", "Fuchs", "Bäcker", "Lang", "Klein", "Jäger", "Köhler"];
    private static readonly string[] Accounts = ["DE51370502990045012345", "DE16370502990045099887"];

    public string Name => "klaerfaelle-page";

    public string Description => "worklist page of N open Klärfälle (default 10000) against a running serve: median and p95 of GETs per filter";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var size = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var server = Environment.GetEnvironmentVariable("PAYMENTRECON_DB") ?? throw new InvalidOperationException("PAYMENTRECON_DB is not set (scripts/bench.sh sets it).");
        var benchDir = Path.GetFullPath(Environment.GetEnvironmentVariable("PAYMENTRECON_BENCH_DIR") ?? ".bench");
        var work = Path.Combine(benchDir, string.Create(CultureInfo.InvariantCulture, $"klaerfaelle-page-{Environment.ProcessId}"));
        var database = string.Create(CultureInfo.InvariantCulture, $"klaerfaelle_page_{Environment.ProcessId}");
        Console.WriteLine("load average at start: " + LoadAverage());
        var connectionString = await ScratchDatabase.CreateAsync(server, database).ConfigureAwait(false);

        ServiceProcess? serve = null;
        try
        {
            var seeded = Stopwatch.GetTimestamp();
            var open = await SeedAsync(connectionString, work, size, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {open:N0} open Klärfälle in {Stopwatch.GetElapsedTime(seeded).TotalSeconds:0.0} s (one nightly run)"));

            // The integration tests' service process: a real serve on a free loopback port, with configured users.
            serve = await ServiceProcess.StartAsync(work, connectionString, new Dictionary<string, string?> { ["PAYMENTRECON__Logging__LogLevel__Default"] = "Warning" }).ConfigureAwait(false);
            using var client = await serve.ClientAsync("sachbearbeitung").ConfigureAwait(false);

            var queries = new (string Label, string Query)[]
            {
                ("alle offenen, nach Buchungstag", ""),
                ("nach Betrag absteigend", "?sortierung=betrag&absteigend=1"),
                ("Seite 150", "?seite=150"),
                ("Freitext „müller“", "?suche=" + Uri.EscapeDataString("müller")),
                ("Betrag 100–200 € auf einem Konto", "?betragVon=100&betragBis=200&konto=" + Accounts[1]),
                ("Grund, Alter 0–30, nach Zahler", "?regel=KZ-FEHLT&alterVon=0&alterBis=30&sortierung=zahler"),
                ("Freitext IBAN-Teil", "?suche=DE27"),
            };
            for (var i = 0; i < 5; i++)
            {
                await GetAsync(client, "", cancellationToken).ConfigureAwait(false);
            }

            var all = new List<double>();
            Console.WriteLine("| filter | rows | median | p95 |");
            Console.WriteLine("| --- | ---: | ---: | ---: |");
            foreach (var (label, query) in queries)
            {
                var times = new List<double>();
                var rows = "";
                for (var i = 0; i < Rounds; i++)
                {
                    var (elapsed, html) = await GetAsync(client, query, cancellationToken).ConfigureAwait(false);
                    times.Add(elapsed);
                    rows = CountText().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value).Split(',')[0] : "?";
                }

                all.AddRange(times);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {rows} | {Percentile(times, 0.5):0} ms | {Percentile(times, 0.95):0} ms |"));
            }

            var median = Percentile(all, 0.5);
            var p95 = Percentile(all, 0.95);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all {all.Count} requests: median {median:0} ms, p95 {p95:0} ms (target < 300 ms: {(p95 < 300 ? "met" : "not met")})"));
            Console.WriteLine("load average at end: " + LoadAverage());
            return 0;
        }
        finally
        {
            if (serve is not null)
            {
                await serve.DisposeAsync().ConfigureAwait(false);
            }

            await ScratchDatabase.DropAsync(server, database).ConfigureAwait(false);

            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>Soll file and one camt.053 per account, every credit naming no Kassenzeichen; one nightly run turns them into Klärfälle.</summary>
    private static async Task<long> SeedAsync(string connectionString, string work, int size, CancellationToken cancellationToken)
    {
        var receivables = Path.Combine(work, "inbox", "receivables");
        var statements = Path.Combine(work, "inbox", "statements");
        Directory.CreateDirectory(receivables);
        Directory.CreateDirectory(statements);
        var soll = new StringBuilder("Verfahren;AnordnungsNr;Kassenzeichen;Betrag;Faellig;Schuldner;IBAN;Haushaltsstelle;Text\n");
        for (var i = 0; i < 1_000; i++)
        {
            var kz = KassenzeichenFormat.Default.WithCheckDigit((530_000_000_000L + i).ToString(CultureInfo.InvariantCulture));
            soll.Append(CultureInfo.InvariantCulture, $"HUNDESTEUER;H-{i:D6};{kz};{Amount(i).ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',')};{new DateOnly(2026, 10, 1).AddDays(i % 60):dd.MM.yyyy};{PersonName(i)};;1.9000.0320;Hundesteuer {i}\n");
        }

        await File.WriteAllTextAsync(Path.Combine(receivables, "soll.csv"), soll.ToString(), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        for (var a = 0; a < Accounts.Length; a++)
        {
            var count = size / Accounts.Length + (a < size % Accounts.Length ? 1 : 0);
            await File.WriteAllTextAsync(Path.Combine(statements, $"camt053_{a}.xml"), Statement(a, count), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        }

        await using var dataSource = Database.CreateDataSource(connectionString, "paymentrecon-bench");
        var folders = new RunFolders(Path.Combine(work, "inbox"), Path.Combine(work, "outbox"), Path.Combine(work, "archive"), Path.Combine(work, "quarantine"));
        var run = new NightlyRun(dataSource, new PaymentReconOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        var result = await run.ExecuteAsync(new RunRequest(new DateOnly(2026, 11, 27), RunTrigger.CommandLine, folders), cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("Seeding run failed: " + result.Summary);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // Statistics as autovacuum would have them a minute after the run.
        await connection.ExecuteAsync("ANALYZE recon.klaerfall; ANALYZE recon.klaerfall_info; ANALYZE recon.klaerfall_proposal; ANALYZE recon.soll;").ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.klaerfall WHERE status = 'offen'").ConfigureAwait(false);
    }

    private static string Statement(int account, int count)
    {
        var xml = new StringBuilder();
        var total = 0m;
        for (var i = 0; i < count; i++)
        {
            var n = i * Accounts.Length + account;
            var amount = Amount(n % 1_300);
            total += amount;
            var text = (n % 3) switch { 0 => $"Rechnung {900_000 + n}", 1 => $"Zahlung {PersonName(n)} Hundesteuer", _ => "Gebuehr Nr " + n.ToString(CultureInfo.InvariantCulture) };
            xml.Append(CultureInfo.InvariantCulture,
                $"<Ntry><Amt Ccy=\"EUR\">{amount:0.00}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-11-{20 + n % 8:D2}</Dt></BookgDt><ValDt><Dt>2026-11-{20 + n % 8:D2}</Dt></ValDt><AcctSvcrRef>K{account}{i:D9}</AcctSvcrRef><BkTxCd><Prtry><Cd>NTRF+166+00931</Cd><Issr>DK</Issr></Prtry></BkTxCd><NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><Amt Ccy=\"EUR\">{amount:0.00}</Amt><CdtDbtInd>CRDT</CdtDbtInd><RltdPties><Dbtr><Pty><Nm>{PersonName(n)}</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>{GermanIban(n)}</IBAN></Id></DbtrAcct></RltdPties><RmtInf><Ustrd>{text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n");
        }

        var head = string.Create(CultureInfo.InvariantCulture,
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrStmt><GrpHdr><MsgId>KPAGE-{account}</MsgId><CreDtTm>2026-11-28T06:00:00+01:00</CreDtTm></GrpHdr><Stmt><Id>KPAGE-{account}</Id><ElctrncSeqNb>1</ElctrncSeqNb><LglSeqNb>1</LglSeqNb><Acct><Id><IBAN>{Accounts[account]}</IBAN></Id><Ccy>EUR</Ccy></Acct>") +
            "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-19</Dt></Dt></Bal>" +
            string.Create(CultureInfo.InvariantCulture, $"<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">{total:0.00}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-27</Dt></Dt></Bal>\n");
        return head + xml + "</Stmt></BkToCstmrStmt></Document>\n";
    }

    private static decimal Amount(int i) => 15m + (i * 7919L % 60_000) / 100m;

    private static string PersonName(int i) => FirstNames[i % FirstNames.Length] + " " + LastNames[i / FirstNames.Length % LastNames.Length];

    /// <summary>A German IBAN with valid mod-97 check digits (bank code 10050000, account from the number).</summary>
    private static string GermanIban(int i)
    {
        var bban = string.Create(CultureInfo.InvariantCulture, $"10050000{1_000_000_000L + i:D10}");
        var remainder = BigInteger.Parse(bban + "131400", CultureInfo.InvariantCulture) % 97;
        return string.Create(CultureInfo.InvariantCulture, $"DE{98 - (int)remainder:D2}{bban}");
    }

    private static async Task<(double Milliseconds, string Html)> GetAsync(HttpClient client, string query, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(new Uri("/hangfire/klaerfaelle" + query, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        var html = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return response.StatusCode == HttpStatusCode.OK ? (elapsed, html) : throw new InvalidOperationException($"GET {query}: {response.StatusCode}");
    }

    private static double Percentile(List<double> values, double quantile)
    {
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(quantile * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    [GeneratedRegex("<p id=\"klaerfaelle-summe\"[^>]*>([^<]*)<")]
    private static partial Regex CountText();
}
