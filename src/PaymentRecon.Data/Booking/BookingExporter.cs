using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;
using PaymentRecon.Booking;

namespace PaymentRecon.Data.Booking;

/// <summary>
/// Writes booking files into the outbox by the protocol of <see cref="ExportStore"/>: a file
/// appears only complete (temp name, then rename), the control file last, and every line goes
/// out exactly once however often a run is killed and repeated.
/// </summary>
public sealed partial class BookingExporter
{
    private readonly ExportStore _store;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;

    public BookingExporter(NpgsqlDataSource dataSource, ILogger logger)
    {
        _dataSource = dataSource;
        _store = new ExportStore(dataSource);
        _logger = logger;
    }

    /// <summary>
    /// Finishes exports a crashed run left prepared, then exports every line not yet exported.
    /// Returns the file names written (usually one, none when there was nothing new). Nothing is
    /// written or numbered unless <paramref name="mayExport"/> ends true (the control sum): new
    /// lines are numbered while it is still being checked, and that numbering is committed only
    /// after it, or rolled back.
    /// </summary>
    public async Task<IReadOnlyList<string>> ExportAsync(long runId, DateOnly businessDate, string outbox, Task<bool> mayExport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mayExport);
        var written = new List<string>();
        var unfinishedExports = await _store.UnfinishedAsync(cancellationToken).ConfigureAwait(false);
        if (unfinishedExports.Count > 0 && !await mayExport.ConfigureAwait(false))
        {
            return written;
        }

        foreach (var unfinished in unfinishedExports)
        {
            LogResuming(unfinished.FileName);
            await WriteAsync(unfinished, outbox, cancellationToken).ConfigureAwait(false);
            written.Add(unfinished.FileName);
        }

        // More lines than one file may hold go into the next file of the same day.
        while (await _store.PrepareAsync(runId, businessDate, mayExport, cancellationToken).ConfigureAwait(false) is { } prepared)
        {
            FaultPoint.Reached("export-prepared");
            await WriteAsync(prepared, outbox, cancellationToken).ConfigureAwait(false);
            written.Add(prepared.FileName);
        }

        return written;
    }

    /// <summary>
    /// <c>export resend FILE</c>: writes an exported file again, byte for byte: the CSV from its
    /// lines (checked against the SHA-256 recorded when it was first written) and the control file
    /// as it was written.
    /// </summary>
    public async Task<string> ResendAsync(string fileName, string outbox, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(fileName);
        if (!name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            name = Path.ChangeExtension(name, ".csv");
        }

        var found = await _store.FindAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new ExportNotFoundException($"Keine Buchungsdatei '{name}' im Exportregister.");
        var (export, status, sha256, controlJson) = found;
        if (status != "written" || sha256 is null || controlJson is null)
        {
            // Never confirmed written: the next run finishes it; resending now would pre-empt that.
            throw new ExportNotFoundException($"'{name}' ist vorbereitet, aber noch nicht vollständig geschrieben; der nächste Lauf schreibt sie.");
        }

        Directory.CreateDirectory(outbox);
        var csvPath = Path.Combine(outbox, export.FileName);
        var actual = await WriteCsvAsync(export, csvPath, cancellationToken).ConfigureAwait(false);
        if (!actual.Sha256.AsSpan().SequenceEqual(sha256))
        {
            File.Delete(csvPath);
            throw new InvalidOperationException(
                $"'{name}' lässt sich nicht bytegleich wiederherstellen (SHA-256 {Convert.ToHexStringLower(actual.Sha256)} statt {Convert.ToHexStringLower(sha256)}): die Buchungszeilen wurden verändert.");
        }

        await WriteTextAtomicallyAsync(Path.ChangeExtension(csvPath, ".json"), controlJson, cancellationToken).ConfigureAwait(false);
        return csvPath;
    }

    private async Task WriteAsync(PreparedExport export, string outbox, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(outbox);
        var csvPath = Path.Combine(outbox, export.FileName);
        var written = await WriteCsvAsync(export, csvPath, cancellationToken).ConfigureAwait(false);
        FaultPoint.Reached("export-csv-written");
        var statements = await _store.StatementsAsync(export.Id, cancellationToken).ConfigureAwait(false);
        var control = new BookingControl(
            export.FileName,
            export.RunId?.ToString(CultureInfo.InvariantCulture) ?? "",
            written.Count,
            written.SumBySatzart,
            written.SumBySatzart.Values.Sum(),
            Convert.ToHexStringLower(written.Sha256),
            statements);
        using var json = new MemoryStream();
        BookingFileWriter.WriteControl(json, control);
        var controlJson = Encoding.UTF8.GetString(json.ToArray());
        await WriteTextAtomicallyAsync(Path.ChangeExtension(csvPath, ".json"), controlJson, cancellationToken).ConfigureAwait(false);
        FaultPoint.Reached("export-files-written");
        await _store.MarkWrittenAsync(export.Id, written.Sha256, controlJson, cancellationToken).ConfigureAwait(false);
        LogWritten(export.FileName, written.Count);
    }

    private async Task<WrittenCsv> WriteCsvAsync(PreparedExport export, string csvPath, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(csvPath)!, "." + Path.GetFileName(csvPath) + ".tmp");
        var sums = new SortedDictionary<Satzart, decimal> { [Satzart.Ist] = 0m, [Satzart.Vwg] = 0m, [Satzart.Geb] = 0m };
        var count = 0;
        string sha;
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            sha = BookingFileWriter.WriteCsv(stream, Tally(_store.LinesAsync(export, cancellationToken).ToBlockingEnumerable(cancellationToken)));
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        if (count != export.LineCount)
        {
            File.Delete(temporary);
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Export {export.FileName} should hold {export.LineCount} lines, the register gives {count}."));
        }

        File.Move(temporary, csvPath, overwrite: true);
        return new WrittenCsv(Convert.FromHexString(sha), count, sums);

        IEnumerable<BookingLine> Tally(IEnumerable<BookingLine> lines)
        {
            foreach (var line in lines)
            {
                count++;
                sums[line.Satzart] += line.Betrag.Amount;
                yield return line;
            }
        }
    }

    private static async Task WriteTextAtomicallyAsync(string path, string text, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + ".tmp");
        await File.WriteAllTextAsync(temporary, text, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    private sealed record WrittenCsv(byte[] Sha256, int Count, IReadOnlyDictionary<Satzart, decimal> SumBySatzart);

    [LoggerMessage(Level = LogLevel.Information, Message = "Booking file {FileName} written with {Count} lines")]
    private partial void LogWritten(string fileName, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Booking file {FileName} was prepared by an interrupted run; writing it now")]
    private partial void LogResuming(string fileName);
}
