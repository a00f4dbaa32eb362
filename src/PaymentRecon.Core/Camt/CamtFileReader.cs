using System.Globalization;
using System.IO.Compression;
using PaymentRecon.Inbox;

namespace PaymentRecon.Camt;

/// <summary>
/// Reads a camt file as banks deliver it: one XML message, or a ZIP of them (EBICS C52/C53/C54).
/// A ZIP's messages come in content order (account, statement date, sequence numbers), never in
/// entry-name order: the running numbers in bank file names are neither ascending nor gapless.
/// </summary>
/// <remarks>
/// The messages stream: read each one (its statements and their entries) before moving to the next;
/// moving on closes the previous one. Problems throw <see cref="CamtFormatException"/>.
/// </remarks>
public static class CamtFileReader
{
    private static ReadOnlySpan<byte> ZipMagic => "PK\u0003\u0004"u8;

    public static IEnumerable<CamtMessage> Read(string path, CamtReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= CamtReaderOptions.Default;
        return IsZip(path) ? ReadZip(path, options) : ReadXml(path, options);
    }

    /// <summary>
    /// Orders files by their content like the messages of a ZIP: account, statement day, sequence
    /// numbers. A file whose header cannot be read goes last (its import rejects it with the reason).
    /// </summary>
    public static IReadOnlyList<string> OrderByContent(IEnumerable<string> paths, CamtReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        options ??= CamtReaderOptions.Default;
        var keyed = new List<(string Path, SortKey? Key)>();
        foreach (var path in paths)
        {
            keyed.Add((path, PeekKey(path, options)));
        }

        return keyed
            .OrderBy(k => k.Key is null ? 1 : 0)
            .ThenBy(k => k.Key)
            .ThenBy(k => k.Path, StringComparer.Ordinal)
            .Select(k => k.Path)
            .ToList();
    }

    private static SortKey? PeekKey(string path, CamtReaderOptions options)
    {
        try
        {
            // A ZIP sorts by its first message (its messages are ordered among themselves on reading).
            // Only the headers are read; the file stays open while they are.
            foreach (var message in Read(path, options))
            {
                using var statements = message.Statements.GetEnumerator();
                var first = statements.MoveNext() ? statements.Current.Header : null;
                return SortKey.Of(message.Header, first, Path.GetFileName(path));
            }

            return null;
        }
        catch (CamtFormatException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>True when the file starts like a ZIP archive, whatever its name.</summary>
    public static bool IsZip(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> start = stackalloc byte[4];
        return stream.ReadAtLeast(start, 4, throwOnEndOfStream: false) == 4 && start.SequenceEqual(ZipMagic);
    }

    private static IEnumerable<CamtMessage> ReadXml(string path, CamtReaderOptions options)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        yield return CamtReader.Read(stream, Path.GetFileName(path), options);
    }

    private static IEnumerable<CamtMessage> ReadZip(string path, CamtReaderOptions options)
    {
        var name = Path.GetFileName(path);
        using var file = File.OpenRead(path);
        if (file.Length > options.MaxZipBytes)
        {
            throw Problem(name, string.Create(CultureInfo.InvariantCulture, $"The ZIP file has {file.Length} bytes; at most {options.MaxZipBytes} are allowed (limit Camt:MaxZipBytes)."));
        }

        using var archive = OpenArchive(file, name);
        var ordered = OrderByContent(archive, name, options);
        foreach (var item in ordered)
        {
            using var stream = item.Entry.Open();
            yield return CamtReader.Read(stream, item.SourceName, options);
        }
    }

    private static ZipArchive OpenArchive(Stream file, string name)
    {
        try
        {
            return new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException exception)
        {
            throw Problem(name, $"The ZIP file cannot be opened: {exception.Message}", exception);
        }
    }

    // A first, short pass reads each message up to its first statement header, for the sort key.
    private static List<ZipItem> OrderByContent(ZipArchive archive, string name, CamtReaderOptions options)
    {
        var items = new List<ZipItem>();
        var entries = archive.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
        if (entries.Count > options.MaxZipEntries)
        {
            throw Problem(name, string.Create(CultureInfo.InvariantCulture, $"The ZIP file holds {entries.Count} entries; at most {options.MaxZipEntries} are allowed (limit Camt:MaxZipEntries)."));
        }

        foreach (var entry in entries)
        {
            var sourceName = $"{name}!{entry.FullName}";
            if (!entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            {
                throw Problem(sourceName, "The ZIP entry is not a camt XML file (.xml); a statement ZIP holds only camt messages.");
            }

            if (entry.Length > options.MaxFileBytes)
            {
                throw Problem(sourceName, string.Create(CultureInfo.InvariantCulture,
                    $"The ZIP entry unpacks to {entry.Length} bytes; at most {options.MaxFileBytes} are allowed (limit Camt:MaxFileBytes)."));
            }

            using var stream = OpenEntry(entry, sourceName);
            var message = CamtReader.Read(stream, sourceName, options);
            using var statements = message.Statements.GetEnumerator();
            var first = statements.MoveNext() ? statements.Current.Header : null;
            items.Add(new ZipItem(entry, sourceName, SortKey.Of(message.Header, first, entry.FullName)));
        }

        if (items.Count == 0)
        {
            throw Problem(name, "The ZIP file holds no camt XML file.");
        }

        items.Sort((a, b) => a.Key.CompareTo(b.Key));
        return items;
    }

    private static Stream OpenEntry(ZipArchiveEntry entry, string sourceName)
    {
        try
        {
            return entry.Open();
        }
        catch (InvalidDataException exception)
        {
            throw Problem(sourceName, $"The ZIP entry cannot be unpacked: {exception.Message}", exception);
        }
    }

    private static CamtFormatException Problem(string sourceName, string message, Exception? inner = null) =>
        new(sourceName, new ImportProblem("file", null, message), inner);

    private sealed record ZipItem(ZipArchiveEntry Entry, string SourceName, SortKey Key);

    /// <summary>Account, statement day, pages and sequence numbers, creation time; the entry name only breaks ties.</summary>
    private sealed record SortKey(string Account, DateOnly Day, long Electronic, long Legal, int Page, int Type, DateTimeOffset Created, string Name)
        : IComparable<SortKey>
    {
        public static SortKey Of(CamtMessageHeader message, StatementHeader? statement, string name)
        {
            var closing = statement?.Balances.FirstOrDefault(b => b.TypeCode is "CLBD" or "ITBD")?.Date;
            var created = statement?.CreatedAt ?? message.CreatedAt ?? DateTimeOffset.MinValue;
            var day = statement?.ToDateTime is { } to ? DateOnly.FromDateTime(to.DateTime)
                : closing ?? DateOnly.FromDateTime(created.DateTime);
            return new SortKey(
                statement?.AccountIban ?? statement?.AccountOtherId ?? "",
                day,
                statement?.ElectronicSequenceNumber ?? long.MaxValue,
                statement?.LegalSequenceNumber ?? long.MaxValue,
                statement?.PageNumber ?? message.PageNumber ?? 0,
                (int)message.Type,
                created,
                name);
        }

        public int CompareTo(SortKey? other)
        {
            if (other is null)
            {
                return 1;
            }

            var c = string.CompareOrdinal(Account, other.Account);
            if (c == 0) c = Day.CompareTo(other.Day);
            if (c == 0) c = Electronic.CompareTo(other.Electronic);
            if (c == 0) c = Legal.CompareTo(other.Legal);
            if (c == 0) c = Page.CompareTo(other.Page);
            if (c == 0) c = Type.CompareTo(other.Type);
            if (c == 0) c = Created.CompareTo(other.Created);
            return c != 0 ? c : string.CompareOrdinal(Name, other.Name);
        }
    }
}
