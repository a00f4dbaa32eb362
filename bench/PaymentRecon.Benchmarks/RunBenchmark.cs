using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using PaymentRecon.Data;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Host.Runs;

namespace PaymentRecon.Benchmarks;

/// <summary>
/// <c>scripts/bench.sh run [N ...]</c>: N open Soll and a camt.053 with N credits, one nightly run
/// end to end (import, match, export, report) on a fresh database of the embedded server, for each N
/// (default 10,000, 100,000 and 1,000,000), each in a process of its own so peak memory is its own.
/// With <c>PAYMENTRECON_BENCH_NIGHTS=K</c> the same database sees K nights, each with N new Soll
/// and N credits on them: whether a night costs the same after earlier ones. With
/// <c>PAYMENTRECON_BENCH_SHUFFLE=1</c> the credits pay the Soll in random order instead of the
/// order they were imported in (data under <c>run-N-shuffled</c>).
/// </summary>
internal sealed class RunBenchmark : IBenchmark
{
    private const string ChildMode = "--one";

    public string Name => "run";

    public string Description => "nightly run end to end for N Soll and N credits [N ...] (default 10000 100000 1000000)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Count == 2 && args[0] == ChildMode)
        {
            return await RunOneAsync(int.Parse(args[1], CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        }

        var sizes = args.Count > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList() : [10_000, 100_000, 1_000_000];
        Console.WriteLine("| payments | wall | receivables | statements | reconcile | export | report | µs per payment | peak memory |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var failed = 0;
        foreach (var size in sizes)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add(typeof(RunBenchmark).Assembly.Location);
            start.ArgumentList.Add(Name);
            start.ArgumentList.Add(ChildMode);
            start.ArgumentList.Add(size.ToString(CultureInfo.InvariantCulture));
            using var child = Process.Start(start)!;
            var output = await child.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await child.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var lines = output.Split('\n').Where(l => l.StartsWith('|')).ToList();
            Console.WriteLine(lines.Count > 0 ? string.Join('\n', lines) : $"| {size:N0} | failed (exit {child.ExitCode}) |");
            failed += child.ExitCode == 0 ? 0 : 1;
        }

        return failed == 0 ? 0 : 1;
    }

    private static async Task<int> RunOneAsync(int size, CancellationToken cancellationToken)
    {
        var benchDir = Environment.GetEnvironmentVariable("PAYMENTRECON_BENCH_DIR") ?? ".bench";
        var server = Environment.GetEnvironmentVariable("PAYMENTRECON_DB") ?? throw new InvalidOperationException("PAYMENTRECON_DB is not set (scripts/bench.sh sets it).");
        var nights = int.Parse(Environment.GetEnvironmentVariable("PAYMENTRECON_BENCH_NIGHTS") ?? "1", CultureInfo.InvariantCulture);
        var shuffled = Environment.GetEnvironmentVariable("PAYMENTRECON_BENCH_SHUFFLE") == "1";
        var returns = int.Parse(Environment.GetEnvironmentVariable("PAYMENTRECON_BENCH_RETURNS") ?? "0", CultureInfo.InvariantCulture);
        // Night 1 under run-N (run-N-shuffled), later nights with -nightK (and -returnsR) appended.
        string DataFolder(int night) => Path.Combine(benchDir, string.Create(
            CultureInfo.InvariantCulture, $"run-{size}{(shuffled ? "-shuffled" : "")}{(night == 1 ? "" : $"-night{night}{(returns > 0 ? $"-returns{returns}" : "")}")}"));
        var work = Path.Combine(benchDir, string.Create(CultureInfo.InvariantCulture, $"run-work-{Environment.ProcessId}"));
        var database = string.Create(CultureInfo.InvariantCulture, $"run_bench_{Environment.ProcessId}");
        var connectionString = await ScratchDatabase.CreateAsync(server, database).ConfigureAwait(false);

        try
        {
            await using var dataSource = Database.CreateDataSource(connectionString, "paymentrecon-bench");
            var exitCode = 0;
            for (var night = 1; night <= nights && exitCode == 0; night++)
            {
                var source = DataFolder(night);
                if (!File.Exists(Path.Combine(source, "closing")))
                {
                    Generate(source, size, night, shuffled, night == 1 ? 0m : ReadClosing(DataFolder(night - 1)), night == 1 ? 0 : returns);
                }

                if (Directory.Exists(Path.Combine(work, "inbox")))
                {
                    Directory.Delete(Path.Combine(work, "inbox"), recursive: true);
                }

                CopyDirectory(Path.Combine(source, "inbox"), Path.Combine(work, "inbox"));
                exitCode = await RunNightAsync(dataSource, work, size, night, nights > 1, cancellationToken).ConfigureAwait(false);
            }

            return exitCode;
        }
        finally
        {
            await ScratchDatabase.DropAsync(server, database).ConfigureAwait(false);

            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<int> RunNightAsync(Npgsql.NpgsqlDataSource dataSource, string work, int size, int night, bool label, CancellationToken cancellationToken)
    {
        // Each night's peak is its own: Linux resets the peak resident set size on "5" (best effort).
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        var folders = new RunFolders(Path.Combine(work, "inbox"), Path.Combine(work, "outbox"), Path.Combine(work, "archive"), Path.Combine(work, "quarantine"));
        var run = new NightlyRun(dataSource, new PaymentReconOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        using var gcLog = GcLog.StartIfAsked();
        TimeSpan? serverBefore;
        await using (var before = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            serverBefore = await Measure.ServerCpuAsync(before, cancellationToken).ConfigureAwait(false);
        }

        var clientBefore = Measure.ProcessCpu();
        var idleBefore = Measure.MachineIdle();
        var started = Stopwatch.GetTimestamp();
        var result = await run.ExecuteAsync(new RunRequest(FirstNight.AddDays(night - 1), RunTrigger.CommandLine, folders), cancellationToken).ConfigureAwait(false);
        var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var client = Measure.ProcessCpu() - clientBefore;
        var idle = Measure.MachineIdle() - idleBefore;
        var peak = Measure.PeakWorkingSetMiB();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var server = await Measure.ServerCpuAsync(connection, cancellationToken).ConfigureAwait(false) - serverBefore;
        var summary = await connection.ExecuteScalarAsync<string>("SELECT summary::text FROM recon.run WHERE id = @id", new { id = result.RunId }).ConfigureAwait(false);
        var steps = JsonDocument.Parse(summary!).RootElement.GetProperty("stepSeconds");
        double Step(string name) => steps.TryGetProperty(name, out var value) ? value.GetDouble() : 0;
        var lines = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.booking").ConfigureAwait(false);
        Console.Error.WriteLine(result.Summary);
        var payments = label ? string.Create(CultureInfo.InvariantCulture, $"{size:N0} (night {night})") : size.ToString("N0", CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {payments} | {wall:0.0} s | {Step("receivables"):0.0} s | {Step("statements"):0.0} s | {Step("reconcile"):0.0} s | {Step("export"):0.0} s | {Step("report"):0.0} s | {wall / size * 1e6:0} | {peak:N0} MiB |"));
        Console.Error.WriteLine($"exit code {result.ExitCode}, {lines:N0} booking lines in the database, {Measure.GarbageCollections()}");
        // Where the wall time went on this machine: the cores' time is this process's, the
        // server's, idle, or somebody else's.
        string Seconds(TimeSpan? value) => value is { } v ? Measure.Format(v.TotalSeconds, "s") : "n/a";
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU: this process {Seconds(client)}, PostgreSQL {Seconds(server)} (every process of the server), cores idle {Seconds(idle)}, of {Environment.ProcessorCount} × {wall:0.0} s"));
        gcLog?.Print(Console.Error);
        return result.ExitCode;
    }

    private static readonly DateOnly FirstNight = new(2026, 11, 27);

    // Soll g of all nights (night n numbers after the nights before): a return of a later night
    // names the Kassenzeichen and amount its original paid, so both come from here.
    private static string SollKassenzeichen(long g) =>
        KassenzeichenFormat.Default.WithCheckDigit((510_000_000_000L + g).ToString(CultureInfo.InvariantCulture));

    private static decimal SollAmount(long g) => 20m + (g * 7919L % 150_000) / 100m;

    private static decimal ReadClosing(string folder) =>
        decimal.Parse(File.ReadAllText(Path.Combine(folder, "closing")), CultureInfo.InvariantCulture);

    /// <summary>
    /// One Soll per Kassenzeichen; 90 % of the credits pay one exactly (in varying spellings), 4 %
    /// pay part of it, 3 % carry a check-digit typo, 3 % name only an unknown number: Klärfälle.
    /// Credit i pays Soll i, unless <paramref name="shuffled"/>: then the credits pay the Soll in a
    /// random order (a fixed one per night), as a real night's payments do.
    /// </summary>
    /// <remarks>
    /// With <paramref name="returns"/> (<c>PAYMENTRECON_BENCH_RETURNS</c>, later nights only) the
    /// statement also holds that many Rücklastschriften of the night before's exact payments, spread
    /// over it, each naming its Kassenzeichen as a returned direct debit's text does: the few returns a
    /// real night has, which make the reconcile look up what they undo among the earlier lines.
    /// </remarks>
    private static void Generate(string folder, int size, int night, bool shuffled, decimal opening, int returns = 0)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var receivables = Path.Combine(folder, "inbox", "receivables");
        var statements = Path.Combine(folder, "inbox", "statements");
        Directory.CreateDirectory(receivables);
        Directory.CreateDirectory(statements);
        var amounts = new decimal[size];
        var kz = new string[size];
        using (var soll = new StreamWriter(Path.Combine(receivables, "soll.csv"), false, new UTF8Encoding(false), 1 << 20))
        {
            soll.Write("Verfahren;AnordnungsNr;Kassenzeichen;Betrag;Faellig;Schuldner;IBAN;Haushaltsstelle;Text\n");
            for (var i = 0; i < size; i++)
            {
                // Night n numbers its Soll after those of the nights before.
                var g = ((night - 1L) * size) + i;
                kz[i] = SollKassenzeichen(g);
                amounts[i] = SollAmount(g);
                soll.Write(string.Create(CultureInfo.InvariantCulture,
                    $"PROSOZ-BAU;A-{g:D9};{kz[i]};{amounts[i].ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',')};{new DateOnly(2026, 1, 1).AddDays(i % 300):dd.MM.yyyy};Schuldner Nr. {g};;1.6100.4311;Bescheid {g}\n"));
            }
        }

        var payer = Enumerable.Range(0, size).ToArray();
        if (shuffled)
        {
            new Random(night).Shuffle(payer);
        }

        var total = 0m;
        var credits = new (decimal Amount, string Text)[size];
        for (var i = 0; i < size; i++)
        {
            var k = kz[payer[i]];
            var owed = amounts[payer[i]];
            credits[i] = (i % 100) switch
            {
                < 90 => (owed, (i % 4) switch { 0 => $"KZ {k} Baugenehmigung", 1 => $"Kassenzeichen: {k[..4]} {k[4..8]} {k[8..]}", 2 => $"SVWZ+{k} EREF+NOTPROVIDED", _ => k }),
                < 94 => (decimal.Round(owed / 2, 2), $"Teilzahlung {k}"),
                < 97 => (owed, $"KZ {k[..^1]}{(char)('0' + ((k[^1] - '0' + 1) % 10))}"),
                _ => (owed, $"Rechnung {900_000 + ((night - 1L) * size) + i}"),
            };
            total += credits[i].Amount;
        }

        // The night before's credit j * step paid (exactly: j * step % 100 == 0) Soll payer'[j * step].
        var step = returns > 0 ? Math.Max(100, size / returns / 100 * 100) : 0;
        var previousPayer = Enumerable.Range(0, size).ToArray();
        if (shuffled && returns > 0)
        {
            new Random(night - 1).Shuffle(previousPayer);
        }

        var returned = new (decimal Amount, string Kassenzeichen)[Math.Min(returns, size / Math.Max(step, 1))];
        for (var j = 0; j < returned.Length; j++)
        {
            var g = ((night - 2L) * size) + previousPayer[j * step];
            returned[j] = (SollAmount(g), SollKassenzeichen(g));
            total -= returned[j].Amount;
        }

        var day = FirstNight.AddDays(night - 1);
        using (var camt = new StreamWriter(Path.Combine(statements, "camt053.xml"), false, new UTF8Encoding(false), 1 << 20))
        {
            // Night 1 keeps the names it always had; later nights continue the statement sequence.
            var id = night == 1 ? "" : string.Create(CultureInfo.InvariantCulture, $"-{night}");
            camt.Write(string.Create(CultureInfo.InvariantCulture, $"""<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>RUN-BENCH{id}</MsgId><CreDtTm>{day.AddDays(1):yyyy-MM-dd}T06:00:00+01:00</CreDtTm></GrpHdr><Stmt><Id>RUN-BENCH-{night}</Id><ElctrncSeqNb>{night}</ElctrncSeqNb><LglSeqNb>{night}</LglSeqNb><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>"""));
            camt.Write(string.Create(CultureInfo.InvariantCulture, $"<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">{opening:0.00}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{day:yyyy-MM-dd}</Dt></Dt></Bal>"));
            camt.Write(string.Create(CultureInfo.InvariantCulture, $"<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">{opening + total:0.00}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{day:yyyy-MM-dd}</Dt></Dt></Bal>\n"));
            for (var i = 0; i < size; i++)
            {
                var amount = credits[i].Amount.ToString("0.00", CultureInfo.InvariantCulture);
                camt.Write(string.Create(CultureInfo.InvariantCulture,
                    $"<Ntry><Amt Ccy=\"EUR\">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>{day:yyyy-MM-dd}</Dt></BookgDt><ValDt><Dt>{day:yyyy-MM-dd}</Dt></ValDt><AcctSvcrRef>R{((night - 1L) * size) + i:D10}</AcctSvcrRef><BkTxCd><Prtry><Cd>NTRF+166+00931</Cd><Issr>DK</Issr></Prtry></BkTxCd><NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><Amt Ccy=\"EUR\">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><RltdPties><Dbtr><Pty><Nm>Schuldner Nr. {((night - 1L) * size) + payer[i]}</Nm></Pty></Dbtr></RltdPties><RmtInf><Ustrd>{credits[i].Text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n"));
            }

            for (var j = 0; j < returned.Length; j++)
            {
                var amount = returned[j].Amount.ToString("0.00", CultureInfo.InvariantCulture);
                camt.Write(string.Create(CultureInfo.InvariantCulture,
                    $"<Ntry><Amt Ccy=\"EUR\">{amount}</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>{day:yyyy-MM-dd}</Dt></BookgDt><ValDt><Dt>{day:yyyy-MM-dd}</Dt></ValDt><AcctSvcrRef>RL{((night - 1L) * size) + j:D10}</AcctSvcrRef><BkTxCd><Prtry><Cd>NRTI+109+00931</Cd><Issr>DK</Issr></Prtry></BkTxCd><NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><Amt Ccy=\"EUR\">{amount}</Amt><CdtDbtInd>DBIT</CdtDbtInd><RmtInf><Ustrd>RUECKLASTSCHRIFT KZ {returned[j].Kassenzeichen}</Ustrd></RmtInf><RtrInf><Rsn><Cd>MD06</Cd></Rsn></RtrInf></TxDtls></NtryDtls></Ntry>\n"));
            }

            camt.Write("</Stmt></BkToCstmrStmt></Document>\n");
        }

        File.WriteAllText(Path.Combine(folder, "closing"), (opening + total).ToString(CultureInfo.InvariantCulture));
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
