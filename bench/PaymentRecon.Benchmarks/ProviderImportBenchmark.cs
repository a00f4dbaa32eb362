using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PaymentRecon.Data;
using PaymentRecon.Data.Files;
using PaymentRecon.Data.Providers;
using PaymentRecon.Providers;

namespace PaymentRecon.Benchmarks;

/// <summary>
/// <c>scripts/bench.sh providers [ROWS]</c>: imports one generated <c>generic</c> settlement report
/// of ROWS rows (default 200,000) through the inbox processor (CsvHelper → binary COPY → staging →
/// checks → insert) and prints time, rows per second and peak memory.
/// </summary>
internal sealed class ProviderImportBenchmark : IBenchmark
{
    public string Name => "providers";

    public string Description => "import a generated provider settlement report: [ROWS] (default 200000)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var rows = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var folder = Path.Combine(Environment.GetEnvironmentVariable("PAYMENTRECON_BENCH_DIR") ?? ".bench", "providers");
        Directory.CreateDirectory(Path.Combine(folder, "inbox"));
        var file = Path.Combine(folder, "inbox", $"report-{Guid.NewGuid():N}.csv");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var format = KassenzeichenFormat.Default;
        await using (var writer = new StreamWriter(file, false, new UTF8Encoding(false)))
        {
            await writer.WriteLineAsync("TransaktionsId;Referenz;Brutto;Gebuehr;Netto;Waehrung;Datum;AuszahlungsId;Status").ConfigureAwait(false);
            for (var i = 0; i < rows; i++)
            {
                var gross = 5m + (i % 9000) / 10m;
                var fee = decimal.Round(gross * 0.019m, 2) + 0.35m;
                var kassenzeichen = format.WithCheckDigit(string.Create(CultureInfo.InvariantCulture, $"4{i % 100_000_000_000:D11}"));
                await writer.WriteLineAsync(string.Create(CultureInfo.GetCultureInfo("de-DE"),
                    $"{tag}-{i:D8};{kassenzeichen};{gross:N2};{fee:N2};{gross - fee:N2};EUR;{new DateOnly(2026, 11, 1).AddDays(i % 28):dd.MM.yyyy};PO-{tag}-{i / 5000:D4};bezahlt")).ConfigureAwait(false);
            }
        }

        var size = new FileInfo(file).Length;
        await using var dataSource = Database.CreateDataSource(Environment.GetEnvironmentVariable("PAYMENTRECON_DB")
            ?? throw new InvalidOperationException("PAYMENTRECON_DB is not set (scripts/bench.sh sets it)."));
        await new MigrationRunner(dataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);
        var runId = await new RunStore(dataSource).StartAsync(new DateOnly(2026, 11, 28), "test", cancellationToken).ConfigureAwait(false);
        var processor = new InboxFileProcessor(dataSource, NullLogger.Instance);
        var (outcomes, elapsed) = await Measure.TimeAsync(() => processor.ProcessAsync(
            "provider", [file], runId, new DateOnly(2026, 11, 28), Path.Combine(folder, "archive"), Path.Combine(folder, "quarantine"),
            new ProviderReportImporter(ProviderProfile.Generic).ImportAsync, cancellationToken)).ConfigureAwait(false);
        await new RunStore(dataSource).FinishAsync(runId, "succeeded", "{}", cancellationToken).ConfigureAwait(false);

        var outcome = outcomes.Single();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rows:            {rows:N0} ({size / 1024.0 / 1024.0:N1} MiB CSV)"));
        Console.WriteLine($"outcome:         {outcome.Status}: {outcome.Summary}");
        Console.WriteLine($"import time:     {Measure.Format(elapsed.TotalSeconds, "s")}");
        Console.WriteLine($"throughput:      {Measure.Format(rows / elapsed.TotalSeconds, "rows/s")}");
        Console.WriteLine($"peak memory:     {Measure.Format(Measure.PeakWorkingSetMiB(), "MiB")} (process, including the generator)");
        File.Delete(outcome.MovedTo);
        return outcome.Status == InboxFileStatus.Imported ? 0 : 1;
    }
}
