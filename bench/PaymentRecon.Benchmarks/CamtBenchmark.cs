using System.Diagnostics;
using System.Globalization;
using System.Xml;
using PaymentRecon.Camt;

namespace PaymentRecon.Benchmarks;

/// <summary>
/// <c>scripts/bench.sh camt [--entries N] [--xsd]</c>: the camt reader against a bare XmlReader loop
/// over the same generated camt.053.001.08 (default 1,000,000 entries). Each measurement runs in a
/// child process of its own (this program with <c>camt --child MODE FILE</c>) so peak memory
/// figures are not mixed.
/// </summary>
internal sealed class CamtBenchmark : IBenchmark
{
    public string Name => "camt";

    public string Description => "camt reader vs. bare XmlReader loop on a generated camt.053 (--entries N, default 1000000; --xsd adds XSD validation)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Count == 3 && args[0] == "--child")
        {
            return Child(args[1], args[2]);
        }

        var entries = 1_000_000;
        var xsd = false;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--entries" && i + 1 < args.Count)
            {
                entries = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--xsd")
            {
                xsd = true;
            }
        }

        var folder = Environment.GetEnvironmentVariable("PAYMENTRECON_BENCH_DIR") ?? Path.Combine(Path.GetTempPath(), "paymentrecon-bench");
        var started = Stopwatch.GetTimestamp();
        var file = CamtGenerator.EnsureFile(folder, entries);
        var megabytes = new FileInfo(file).Length / 1024.0 / 1024.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"file: {file} ({megabytes:N1} MiB, {entries:N0} entries; ready after {Stopwatch.GetElapsedTime(started).TotalSeconds:N1} s)"));

        var bare = await RunChildAsync("bare", file, cancellationToken).ConfigureAwait(false);
        var reader = await RunChildAsync("reader", file, cancellationToken).ConfigureAwait(false);
        Print("bare XmlReader loop", bare, megabytes);
        Print("camt reader + totals", reader, megabytes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reader / bare loop: {bare.Seconds / reader.Seconds:P0} of the bare loop's speed (target: at least 50 %)"));
        if (xsd)
        {
            var validated = await RunChildAsync("xsd", file, cancellationToken).ConfigureAwait(false);
            Print("camt reader + XSD validation", validated, megabytes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"reader with XSD / bare loop: {bare.Seconds / validated.Seconds:P0}"));
        }

        return reader.Entries == entries ? 0 : 1;
    }

    private static void Print(string label, ChildResult result, double megabytes) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-30} {result.Seconds,7:N2} s  {result.Entries / result.Seconds,12:N0} entries/s  {megabytes / result.Seconds,7:N1} MiB/s  peak {result.PeakMiB,7:N1} MiB"));

    private static async Task<ChildResult> RunChildAsync(string mode, string file, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(CamtBenchmark).Assembly.Location);
        start.ArgumentList.Add("camt");
        start.ArgumentList.Add("--child");
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(file);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"child '{mode}' failed (exit {process.ExitCode}): {output}");
        var parts = line.Split(' ');
        return new ChildResult(long.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture),
            double.Parse(parts[3], CultureInfo.InvariantCulture));
    }

    private static int Child(string mode, string file)
    {
        var started = Stopwatch.GetTimestamp();
        long entries = 0;
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
        {
            if (mode == "bare")
            {
                // The practical limit: the same XmlReader settings as the camt reader, visiting every node.
                var settings = CamtReader.CreateXmlReaderSettings();
                using var reader = XmlReader.Create(stream, settings);
                while (reader.Read())
                {
                    if (reader.NodeType == XmlNodeType.Element && reader.Depth == 3 && reader.LocalName == "Ntry")
                    {
                        entries++;
                    }
                }
            }
            else
            {
                var options = new CamtReaderOptions { ValidateAgainstXsd = mode == "xsd" };
                var message = CamtReader.Read(stream, Path.GetFileName(file), options);
                foreach (var statement in message.Statements)
                {
                    var totals = new StatementTotals();
                    foreach (var entry in statement.Entries)
                    {
                        totals.Add(entry);
                        entries++;
                    }

                    var check = totals.Check(statement.Header);
                    if (check.Outcome != BalanceCheckOutcome.Ok)
                    {
                        Console.Error.WriteLine(check.Explanation);
                        return 1;
                    }
                }
            }
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {entries} {seconds:R} {Measure.PeakWorkingSetMiB():R}"));
        return 0;
    }

    private sealed record ChildResult(long Entries, double Seconds, double PeakMiB);
}
