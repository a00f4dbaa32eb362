using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PaymentRecon.Data;
using PaymentRecon.Data.Files;
using PaymentRecon.Data.Receivables;
using PaymentRecon.Receivables;

namespace PaymentRecon.Benchmarks;

/// <summary>
/// <c>scripts/bench.sh soll [rows]</c>: imports a soll-standard file of 1,000,000 rows (cached in
/// PAYMENTRECON_BENCH_DIR) through the real path (InboxFileProcessor + ReceivableImporter: hash,
/// CSV reader, binary COPY, merge, Absetzung allocation, commit) into a fresh database.
/// Targets: under 15 s and under 300 MiB peak memory.
/// </summary>
internal sealed class SollBenchmark : IBenchmark
{
    private const double TargetSeconds = 15;
    private const double TargetMiB = 300;

    public string Name => "soll";

    public string Description => "import 1,000,000 Soll rows (soll-standard) into a fresh database; target < 15 s, < 300 MiB";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var rows = args.Count > 0 && args[0] != "--reader-only" ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var benchDir = Environment.GetEnvironmentVariable("PAYMENTRECON_BENCH_DIR") ?? ".bench";
        var server = Environment.GetEnvironmentVariable("PAYMENTRECON_DB") ?? throw new InvalidOperationException("PAYMENTRECON_DB is not set (scripts/bench.sh sets it).");
        var source = Path.Combine(benchDir, string.Create(CultureInfo.InvariantCulture, $"soll-standard-{rows}.csv"));
        if (!File.Exists(source))
        {
            Console.WriteLine($"generating {source} ...");
            await GenerateAsync(source, rows, cancellationToken).ConfigureAwait(false);
        }

        if (args.Contains("--reader-only"))
        {
            return ReadOnly(source, rows);
        }

        var work = Path.Combine(benchDir, "soll-run");
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        var inboxFile = Path.Combine(work, "inbox", Path.GetFileName(source));
        Directory.CreateDirectory(Path.GetDirectoryName(inboxFile)!);
        File.Copy(source, inboxFile);

        var database = string.Create(CultureInfo.InvariantCulture, $"soll_bench_{Environment.ProcessId}");
        var connectionString = await ScratchDatabase.CreateAsync(server, database).ConfigureAwait(false);
        try
        {
            await using var dataSource = Database.CreateDataSource(connectionString, "paymentrecon-bench");
            await new MigrationRunner(dataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);
            var runId = await new RunStore(dataSource).StartAsync(new DateOnly(2026, 11, 27), "test", cancellationToken).ConfigureAwait(false);
            var processor = new InboxFileProcessor(dataSource, NullLogger.Instance);

            var cpuBefore = Measure.ProcessCpu();
            var started = Stopwatch.GetTimestamp();
            var outcomes = await processor.ProcessAsync(
                "receivable", [inboxFile], runId, new DateOnly(2026, 11, 27), Path.Combine(work, "archive"), Path.Combine(work, "quarantine"),
                (file, connection, transaction, ct) => ReceivableImporter.ImportAsync(file, ReceivableProfile.Standard, connection, transaction, ct),
                cancellationToken).ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var clientCpu = Measure.ProcessCpu() - cpuBefore;
            var peak = Measure.PeakWorkingSetMiB();
            TimeSpan? databaseCpu;
            await using (var check = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
            {
                databaseCpu = await Measure.DatabaseBackendCpuAsync(check, cancellationToken).ConfigureAwait(false);
            }

            var outcome = outcomes.Single();
            if (outcome.Status != InboxFileStatus.Imported)
            {
                Console.Error.WriteLine($"import failed: {outcome.Status}: {outcome.Summary}");
                return 1;
            }

            Console.WriteLine($"file:         {Measure.Format(new FileInfo(source).Length / 1024.0 / 1024.0, "MiB")}, {rows.ToString("N0", CultureInfo.InvariantCulture)} rows");
            Console.WriteLine($"import:       {outcome.Summary}");
            Console.WriteLine($"time:         {Measure.Format(seconds, "s")} (target < {TargetSeconds} s)");
            Console.WriteLine($"throughput:   {(rows / seconds).ToString("N0", CultureInfo.InvariantCulture)} rows/s");
            Console.WriteLine($"CPU:          {Measure.Format(clientCpu.TotalSeconds, "s")} this process (read, check, COPY encoding), {(databaseCpu is { } db ? Measure.Format(db.TotalSeconds, "s") : "n/a")} PostgreSQL backend (incl. migration)");
            Console.WriteLine($"machine load: {File.ReadAllText("/proc/loadavg").Trim()} (/proc/loadavg after the run)");
            Console.WriteLine($"peak memory:  {Measure.Format(peak, "MiB")} (target < {TargetMiB} MiB)");
            var met = seconds < TargetSeconds && peak < TargetMiB;
            Console.WriteLine(met ? "targets met" : "TARGETS MISSED");
            return met ? 0 : 1;
        }
        finally
        {
            await ScratchDatabase.DropAsync(server, database).ConfigureAwait(false);
            Directory.Delete(work, recursive: true);
        }
    }

    // The client's share: decoding, CSV parsing and validation, without the database.
    private static int ReadOnly(string source, int rows)
    {
        var started = Stopwatch.GetTimestamp();
        var reader = new ReceivableCsvReader(ReceivableProfile.Standard, KassenzeichenFormat.Default);
        using var stream = File.OpenRead(source);
        using var text = reader.OpenText(stream);
        var problems = new List<PaymentRecon.Inbox.ImportProblem>();
        var count = reader.Read(text, problems).LongCount();
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine($"reader only:  {count.ToString("N0", CultureInfo.InvariantCulture)} rows, {problems.Count} problems in {Measure.Format(seconds, "s")}, {(rows / seconds).ToString("N0", CultureInfo.InvariantCulture)} rows/s, peak {Measure.Format(Measure.PeakWorkingSetMiB(), "MiB")}");
        return problems.Count == 0 ? 0 : 1;
    }

    // Realistic shape: two positions per Kassenzeichen, one row in 100 an Absetzung on the Kassenzeichen
    // before it, German amounts (some with thousands separators), an IBAN on every third row.
    private static async Task GenerateAsync(string path, int rows, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        var writer = new StreamWriter(temporary, false, new UTF8Encoding(false), 1 << 16);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteAsync("Verfahren;AnordnungsNr;Kassenzeichen;Betrag;Faellig;Schuldner;IBAN;Haushaltsstelle;Text\n".AsMemory(), cancellationToken).ConfigureAwait(false);
            var line = new StringBuilder(200);
            for (var i = 0; i < rows; i++)
            {
                var kz = KassenzeichenFormat.Default.WithCheckDigit((100_000_000_000L + (i / 2)).ToString(CultureInfo.InvariantCulture));
                var cents = i % 100 == 99 ? -500 : 1_000 + ((i * 7919L) % 500_000);
                var amount = (cents / 100m).ToString(cents >= 100_000 ? "#,##0.00" : "0.00", CultureInfo.InvariantCulture).Replace(",", "#", StringComparison.Ordinal).Replace('.', ',').Replace('#', '.');
                var due = new DateOnly(2026, 1, 1).AddDays(i % 365);
                line.Clear();
                line.Append(CultureInfo.InvariantCulture, $"VERF-{i % 7};A-{i:D8};{kz};{amount};{due:dd.MM.yyyy};Schuldnerin Nr. {i % 50_000};");
                line.Append(i % 3 == 0 ? "DE89370400440532013000" : "");
                line.Append(CultureInfo.InvariantCulture, $";1.{6100 + (i % 20)}.431000;Bescheid {i}\n");
                await writer.WriteAsync(line.ToString().AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }

        File.Move(temporary, path, overwrite: true);
    }
}
