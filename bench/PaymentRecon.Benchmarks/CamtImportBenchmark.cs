using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PaymentRecon.Camt;
using PaymentRecon.Data;
using PaymentRecon.Data.Files;
using PaymentRecon.Data.Statements;

namespace PaymentRecon.Benchmarks;

/// <summary>
/// The database half of the statement import alone: one camt.053 statement of N entries (default
/// 1,000,000), each with one TxDtls and realistic texts, generated on the fly as model objects and
/// fed to <see cref="StatementImporter"/> through <see cref="InboxFileProcessor"/> (one transaction,
/// COPY, set-based merge, commit) into a fresh database on the server of <c>PAYMENTRECON_DB</c>.
/// </summary>
internal sealed class CamtImportBenchmark : IBenchmark
{
    private static readonly string[] Surnames = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann"];
    private static readonly string[] GivenNames = ["Anna", "Jürgen", "Sabine", "Thomas", "Monika", "Stefan", "Petra", "Michael", "Ursula", "Andreas", "Claudia", "Frank", "Birgit", "Matthias", "Renate", "Jörg"];
    private static readonly string[] Purposes = ["Grundsteuer B 4. Quartal", "Hundesteuer 2026", "Gewerbesteuer Vorauszahlung", "Kita-Beitrag November", "Abfallgebühren 2026", "Bußgeld Az. 412.7", "Baugenehmigung Gebühr", "Parkausweis Anwohner"];

    public string Name => "camt-import";

    public string Description => "import N camt.053 entries (default 1,000,000) into a fresh database: entries/s, seconds, CPU, peak memory; --file: from the camt benchmark's XML file, reader included";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        // --file: the whole path of a real delivery, the XML parsed by the camt reader while COPY writes.
        var fromFile = args.Contains("--file");
        var numbers = args.Where(a => a != "--file").ToList();
        var count = numbers.Count > 0 ? int.Parse(numbers[0], CultureInfo.InvariantCulture) : 1_000_000;
        var server = Environment.GetEnvironmentVariable("PAYMENTRECON_DB") ?? throw new InvalidOperationException("PAYMENTRECON_DB is not set (scripts/bench.sh sets it).");
        var benchDir = Environment.GetEnvironmentVariable("PAYMENTRECON_BENCH_DIR") ?? Path.GetTempPath();
        var databaseName = string.Create(CultureInfo.InvariantCulture, $"bench_camt_import_{Environment.ProcessId}");

        var connectionString = await ScratchDatabase.CreateAsync(server, databaseName).ConfigureAwait(false);
        try
        {
            await using var dataSource = Database.CreateDataSource(connectionString, "paymentrecon-bench");
            await new MigrationRunner(dataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);
            var runId = await new RunStore(dataSource).StartAsync(new DateOnly(2026, 11, 3), "test", cancellationToken).ConfigureAwait(false);

            var folder = Path.Combine(benchDir, "camt-import-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(Path.Combine(folder, "inbox"));
            var file = Path.Combine(folder, "inbox", "2026-11-02_C53_DE02120300000000202051_EUR_000001.xml");
            if (fromFile)
            {
                // The generated file is cached for the camt benchmark; the inbox gets a link to it, which the import archives.
                File.CreateSymbolicLink(file, CamtGenerator.EnsureFile(benchDir, count));
            }
            else
            {
                await File.WriteAllTextAsync(file, string.Create(CultureInfo.InvariantCulture, $"<!-- stands for a camt.053 with {count} entries, generated in memory -->"), cancellationToken).ConfigureAwait(false);
            }

            var importer = new StatementImporter(NullLogger.Instance);
            var processor = new InboxFileProcessor(dataSource, NullLogger.Instance);
            var cpuBefore = Measure.ProcessCpu();
            var started = Stopwatch.GetTimestamp();
            var outcomes = await processor.ProcessAsync("statement", [file], runId, new DateOnly(2026, 11, 3), Path.Combine(folder, "archive"), Path.Combine(folder, "quarantine"),
                (inboxFile, connection, transaction, ct) => fromFile
                    ? importer.ImportAllAsync(inboxFile, CamtFileReader.Read(inboxFile.Path), connection, transaction, ct)
                    : importer.ImportAsync(inboxFile, Message(count), connection, transaction, ct),
                cancellationToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var clientCpu = Measure.ProcessCpu() - cpuBefore;

            var outcome = outcomes.Single();
            if (outcome.Status != InboxFileStatus.Imported)
            {
                Console.Error.WriteLine($"Import failed: {outcome.Status}: {outcome.Summary}");
                return 1;
            }

            await using var check = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var databaseCpu = await Measure.DatabaseBackendCpuAsync(check, cancellationToken).ConfigureAwait(false);
            await using var countCommand = new NpgsqlCommand("SELECT (SELECT count(*) FROM recon.entry), (SELECT count(*) FROM recon.entry_transaction), (SELECT string_agg(balance_check, ',') FROM recon.statement)", check);
            await using var reader = await countCommand.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"summary:          {outcome.Summary}");
            Console.WriteLine($"stored:           {reader.GetInt64(0):N0} entries, {reader.GetInt64(1):N0} transactions, balance check {reader.GetString(2)}");
            Console.WriteLine($"entries:          {count:N0}");
            Console.WriteLine($"total:            {Measure.Format(elapsed.TotalSeconds, "s")}");
            Console.WriteLine($"throughput:       {Measure.Format(count / elapsed.TotalSeconds, "entries/s")}");
            Console.WriteLine($"CPU:              {Measure.Format(clientCpu.TotalSeconds, "s")} this process ({(fromFile ? "reading the XML" : "generating the entries")}, keys, COPY encoding), {(databaseCpu is { } db ? Measure.Format(db.TotalSeconds, "s") : "n/a")} PostgreSQL backends (both connections, incl. migration)");
            Console.WriteLine($"machine load:     {File.ReadAllText("/proc/loadavg").Trim()} (/proc/loadavg after the run)");
            Console.WriteLine($"peak memory:      {Measure.Format(Measure.PeakWorkingSetMiB(), "MiB")} (process peak RSS)");
            Directory.Delete(folder, recursive: true);
            return 0;
        }
        finally
        {
            await ScratchDatabase.DropAsync(server, databaseName).ConfigureAwait(false);
        }
    }

    private static CamtMessage Message(int count)
    {
        const decimal opening = 1_234_567.89m;
        var credits = 0m;
        for (var i = 0; i < count; i++)
        {
            credits += AmountOf(i);
        }

        var header = new StatementHeader(0, "/Document/BkToCstmrStmt/Stmt[1]", "2026-11-02-0307", 307, 214,
            new DateTimeOffset(2026, 11, 3, 5, 12, 0, TimeSpan.FromHours(1)), null, null, CopyDuplicate.Original, null, null,
            "DE02120300000000202051", null, Currency.EUR, "Landkreis Musterstadt Kreiskasse", "BYLADEM1001",
            [new Balance("PRCD", Money.Eur(opening), new DateOnly(2026, 11, 1)), new Balance("CLBD", Money.Eur(opening + credits), new DateOnly(2026, 11, 2))],
            new TransactionsSummary(count, credits, count, credits, 0, 0m));
        return new CamtMessage(
            new CamtMessageHeader(CamtMessageType.Camt053, "001.08", "BENCH-053-0307", new DateTimeOffset(2026, 11, 3, 5, 12, 0, TimeSpan.FromHours(1)), null, null),
            [new CamtStatementReading(header, Entries(count))]);
    }

    private static decimal AmountOf(int i) => 5m + (i % 99_991 / 100m);

    // Generated lazily, one at a time, like the reader streams them from the file.
    private static IEnumerable<Entry> Entries(int count)
    {
        var bookingDate = new DateOnly(2026, 11, 2);
        var code = new BankTransactionCode("PMNT", "RCDT", "ESCT", null, null);
        for (var i = 0; i < count; i++)
        {
            var amount = Money.Eur(AmountOf(i));
            var name = $"{GivenNames[i % GivenNames.Length]} {Surnames[i / GivenNames.Length % Surnames.Length]}";
            var kassenzeichen = (1_008_454_560_000L + (i % 900_000)).ToString(CultureInfo.InvariantCulture);
            var transaction = new Transaction(
                0,
                TransactionReferences.None with
                {
                    EndToEndId = string.Create(CultureInfo.InvariantCulture, $"E2E-{i:D9}"),
                    AccountServicerReference = string.Create(CultureInfo.InvariantCulture, $"2026110200{i:D9}"),
                },
                amount,
                amount,
                null,
                new BankTransactionCode(null, null, null, "NTRF+166+00931", "DK"),
                [],
                name,
                "DE89370400440532013000",
                null,
                "Landkreis Musterstadt",
                "DE02120300000000202051",
                null,
                null,
                "COBADEFFXXX",
                "GOVT",
                [$"SVWZ+KZ {kassenzeichen} {Purposes[i % Purposes.Length]}", $"{name}, Musterweg {(i % 200) + 1}, 12345 Musterstadt"],
                null,
                null,
                null,
                null);
            yield return new Entry(
                i,
                string.Create(CultureInfo.InvariantCulture, $"/Document/BkToCstmrStmt/Stmt[1]/Ntry[{i + 1}]"),
                null,
                amount,
                CreditDebit.Credit,
                false,
                EntryStatus.Booked,
                "BOOK",
                bookingDate,
                bookingDate,
                string.Create(CultureInfo.InvariantCulture, $"2026110200{i:D9}"),
                code,
                null,
                null,
                null,
                null,
                [],
                [],
                [transaction],
                "SEPA-GUTSCHRIFT");
        }
    }
}
