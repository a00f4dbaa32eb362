using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Dapper;
using Npgsql;
using PaymentRecon.Data.Files;
using PaymentRecon.Inbox;
using PaymentRecon.Receivables;

namespace PaymentRecon.Data.Receivables;

/// <summary>
/// Imports one receivables file inside the transaction <see cref="InboxFileProcessor"/> hands it.
/// The rows stream from the CSV reader into a binary <c>COPY</c> (memory stays flat however large
/// the file): first straight into <c>recon.soll</c> under a savepoint, the one-pass path for the
/// usual file of new rows. When a key already exists, that is undone and the file is read again
/// into a temporary staging table, from which one set-based merge inserts the new rows, skips the
/// identical ones and rejects the file when a (Verfahren, AnordnungsNr) comes back with different
/// content. Finally the Absetzungen are allocated (<c>recon.soll_allocate_absetzungen()</c>).
/// Any problem throws <see cref="ImportFileRejectedException"/> with all of them, and the
/// processor rolls everything back and quarantines the file.
/// </summary>
public static class ReceivableImporter
{
    private const string CreateStaging = """
        CREATE TEMP TABLE soll_staging (
            verfahren       text COLLATE "C" NOT NULL,
            anordnungs_nr   text COLLATE "C" NOT NULL,
            kassenzeichen   text COLLATE "C" NOT NULL,
            betrag          numeric(15,2) NOT NULL,
            faellig         date          NOT NULL,
            schuldner       text          NOT NULL,
            iban            text,
            haushaltsstelle text          NOT NULL,
            text            text,
            content_hash    bytea         NOT NULL,
            import_file_id  bigint        NOT NULL,
            line_number     integer       NOT NULL,
            open_amount     numeric(15,2) NOT NULL
        ) ON COMMIT DROP
        """;

    // Rows per chunk handed from the reading task to the COPY, and chunks queued between them:
    // a few MiB in flight whatever the file size.
    private const int RowsPerChunk = 8192;
    private const int QueuedChunks = 2;

    private const string Columns = "(verfahren, anordnungs_nr, kassenzeichen, betrag, faellig, schuldner, iban, haushaltsstelle, text, content_hash, import_file_id, line_number, open_amount)";

    // The fast path for the usual file, whose rows are all new: straight into the table, one pass.
    private const string CopyIntoSoll = "COPY recon.soll " + Columns + " FROM STDIN (FORMAT BINARY)";

    // The path for a file that repeats keys: into a staging table, then merged.
    private const string CopyIntoStaging = "COPY soll_staging " + Columns + " FROM STDIN (FORMAT BINARY)";

    // The path for a file that repeats keys: ON CONFLICT DO NOTHING skips rows whose key exists,
    // from earlier files or earlier in this one; whether they were identical is checked afterwards.
    private const string Merge = """
        WITH inserted AS (
            INSERT INTO recon.soll (verfahren, anordnungs_nr, kassenzeichen, betrag, faellig, schuldner, iban,
                                    haushaltsstelle, text, content_hash, import_file_id, line_number, open_amount)
            SELECT verfahren, anordnungs_nr, kassenzeichen, betrag, faellig, schuldner, iban,
                   haushaltsstelle, text, content_hash, import_file_id, line_number, open_amount
            FROM soll_staging
            ON CONFLICT (verfahren, anordnungs_nr) DO NOTHING
            RETURNING betrag
        )
        SELECT count(*) AS inserted,
               count(*) FILTER (WHERE betrag < 0) AS absetzungen,
               coalesce(sum(betrag), 0) AS total
        FROM inserted
        """;

    private const string Conflicts = """
        SELECT s.line_number AS line, s.verfahren, s.anordnungs_nr AS anordnungsnr,
               s.kassenzeichen, s.betrag, s.faellig, s.schuldner, s.iban, s.haushaltsstelle, s.text,
               t.kassenzeichen AS oldkassenzeichen, t.betrag AS oldbetrag, t.faellig AS oldfaellig,
               t.schuldner AS oldschuldner, t.iban AS oldiban, t.haushaltsstelle AS oldhaushaltsstelle,
               t.text AS oldtext, t.line_number AS oldline, f.file_name AS oldfilename,
               t.import_file_id = @importFileId AS samefile
        FROM soll_staging s
        JOIN recon.soll t ON t.verfahren = s.verfahren AND t.anordnungs_nr = s.anordnungs_nr
        JOIN recon.import_file f ON f.id = t.import_file_id
        WHERE t.content_hash <> s.content_hash
        ORDER BY s.line_number
        LIMIT @limit
        """;

    /// <summary>
    /// Imports <paramref name="file"/> read with <paramref name="profile"/> (its Kassenzeichen format,
    /// else the contract's default); returns a one-line German summary for the run report.
    /// </summary>
    public static async Task<string> ImportAsync(
        InboxFile file,
        ReceivableProfile profile,
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(connection);
        var reader = new ReceivableCsvReader(profile, profile.Kassenzeichen ?? KassenzeichenFormat.Default);
        var (staged, merged) = await CopyAllNewAsync(file, reader, connection, transaction, cancellationToken).ConfigureAwait(false) is { } allNew
            ? (allNew, allNew)
            : await MergeAsync(file, reader, connection, transaction, cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT recon.soll_allocate_absetzungen()", transaction: transaction, commandTimeout: 0, cancellationToken: cancellationToken)).ConfigureAwait(false);

        return string.Create(CultureInfo.InvariantCulture,
            $"Profil {profile.Name}: {staged.Rows} Soll-Zeilen, {merged.Rows} neu (davon {merged.Absetzungen} Absetzungen), " +
            $"{staged.Rows - merged.Rows} unverändert schon vorhanden; Summe neu {German(merged.Total)} EUR");
    }

    // COPY straight into recon.soll under a savepoint. A unique violation means the file repeats
    // keys (of earlier files or its own): null, and the caller merges instead.
    private static async Task<RowCounts?> CopyAllNewAsync(
        InboxFile file, ReceivableCsvReader reader, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        const string savepoint = "soll_all_new";
        await transaction.SaveAsync(savepoint, cancellationToken).ConfigureAwait(false);
        var problems = new List<ImportProblem>();
        try
        {
            var counts = await CopyAsync(file, reader, CopyIntoSoll, problems, connection, cancellationToken).ConfigureAwait(false);
            if (problems.Count > 0)
            {
                throw new ImportFileRejectedException(problems);
            }

            await transaction.ReleaseAsync(savepoint, cancellationToken).ConfigureAwait(false);
            return counts;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackAsync(savepoint, cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    // Reads the file again into a staging table, inserts what is new, skips identical repeats and
    // rejects the file with both versions of every conflicting row.
    private static async Task<(RowCounts Staged, RowCounts Inserted)> MergeAsync(
        InboxFile file, ReceivableCsvReader reader, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(CreateStaging, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var problems = new List<ImportProblem>();
        var staged = await CopyAsync(file, reader, CopyIntoStaging, problems, connection, cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            throw new ImportFileRejectedException(problems);
        }

        // The join below needs statistics on the staging table to pick a hash join.
        await connection.ExecuteAsync(new CommandDefinition("ANALYZE soll_staging", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var merged = await connection.QuerySingleAsync<(long Inserted, long Absetzungen, decimal Total)>(new CommandDefinition(
            Merge, transaction: transaction, commandTimeout: 0, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var conflicts = await FindConflictsAsync(file, connection, transaction, cancellationToken).ConfigureAwait(false);
        return conflicts.Count > 0
            ? throw new ImportFileRejectedException(conflicts)
            : (staged, new RowCounts(merged.Inserted, merged.Absetzungen, merged.Total));
    }

    // Streams valid rows into COPY while the reader checks the whole file. Once a problem is found
    // nothing more is written, but reading goes on so that FILE.error.txt lists every bad row.
    // One task reads, checks and encodes the rows (BinaryCopyRows, chunks of RowsPerChunk), this
    // one sends the chunks: parsing the CSV and the COPY run at the same time on two cores.
    private static async Task<RowCounts> CopyAsync(
        InboxFile file, ReceivableCsvReader reader, string copyCommand, List<ImportProblem> problems, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var copy = await connection.BeginRawBinaryCopyAsync(copyCommand, cancellationToken).ConfigureAwait(false);
        await using (copy.ConfigureAwait(false))
        {
            var channel = Channel.CreateBounded<BinaryCopyRows>(new BoundedChannelOptions(QueuedChunks) { SingleReader = true, SingleWriter = true });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var reading = Task.Run(() => ReadRowsAsync(file, reader, problems, channel.Writer, stop.Token), stop.Token);
            try
            {
                await copy.WriteAsync(BinaryCopyRows.Header, cancellationToken).ConfigureAwait(false);
                await foreach (var rows in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    using (rows)
                    {
                        await copy.WriteAsync(rows.Written, cancellationToken).ConfigureAwait(false);
                    }
                }

                var counts = await reading.ConfigureAwait(false);
                if (problems.Count > 0)
                {
                    // Nothing of a bad file is kept: the caller throws and rolls back.
                    await copy.CancelAsync().ConfigureAwait(false);
                    return counts;
                }

                await copy.WriteAsync(BinaryCopyRows.Trailer, cancellationToken).ConfigureAwait(false);
                return counts;
            }
            catch
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await ((Task)reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

                // Disposing a raw COPY would end it (and keep a half-sent chunk): cancel it instead.
                await copy.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    private static async Task<RowCounts> ReadRowsAsync(
        InboxFile file, ReceivableCsvReader reader, List<ImportProblem> problems, ChannelWriter<BinaryCopyRows> writer, CancellationToken cancellationToken)
    {
        var staged = 0L;
        var absetzungen = 0L;
        var total = 0m;
        try
        {
            var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            await using (stream.ConfigureAwait(false))
            {
                using var text = reader.OpenText(stream);
                var rows = new BinaryCopyRows(RowsPerChunk * 160);
                foreach (var (line, row) in reader.Read(text, problems))
                {
                    if (problems.Count > 0)
                    {
                        continue;
                    }

                    rows.StartRow(13);
                    rows.Text(row.Verfahren);
                    rows.Text(row.AnordnungsNr);
                    rows.Text(row.Kassenzeichen.Value);
                    rows.Numeric(row.Betrag.Amount);
                    rows.Date(row.Faellig);
                    rows.Text(row.Schuldner);
                    rows.Text(row.Iban?.Value);
                    rows.Text(row.Haushaltsstelle);
                    rows.Text(row.Text);
                    rows.Bytea(ReceivableContentHash.Compute(row));
                    rows.Bigint(file.ImportFileId);
                    rows.Integer(line);
                    rows.Numeric(row.Betrag.Amount);
                    staged++;
                    total += row.Betrag.Amount;
                    absetzungen += row.IsAbsetzung ? 1 : 0;
                    if (rows.Rows == RowsPerChunk)
                    {
                        await writer.WriteAsync(rows, cancellationToken).ConfigureAwait(false);
                        rows = new BinaryCopyRows(RowsPerChunk * 160);
                    }
                }

                if (rows.Rows > 0 && problems.Count == 0)
                {
                    await writer.WriteAsync(rows, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    rows.Dispose();
                }
            }
        }
        finally
        {
            writer.TryComplete();
        }

        return new RowCounts(staged, absetzungen, total);
    }

    private static async Task<IReadOnlyList<ImportProblem>> FindConflictsAsync(
        InboxFile file, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<ConflictRow>(new CommandDefinition(
            Conflicts, new { importFileId = file.ImportFileId, limit = ReceivableCsvReader.MaxListedProblems }, transaction, commandTimeout: 0, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(Describe)];
    }

    private static ImportProblem Describe(ConflictRow row)
    {
        var now = new Version(row.Kassenzeichen, row.Betrag, row.Faellig, row.Schuldner, row.Iban, row.Haushaltsstelle, row.Text);
        var before = new Version(row.OldKassenzeichen, row.OldBetrag, row.OldFaellig, row.OldSchuldner, row.OldIban, row.OldHaushaltsstelle, row.OldText);
        var where = row.SameFile
            ? string.Create(CultureInfo.InvariantCulture, $"Zeile {row.OldLine} derselben Datei")
            : string.Create(CultureInfo.InvariantCulture, $"Datei '{row.OldFileName}', Zeile {row.OldLine}");
        var differs = string.Join(", ", Version.Differences(before, now));
        return new ImportProblem(
            string.Create(CultureInfo.InvariantCulture, $"line {row.Line}, column AnordnungsNr"),
            $"{row.Verfahren}/{row.AnordnungsNr}",
            $"Verfahren {row.Verfahren}, AnordnungsNr {row.AnordnungsNr} wurde schon mit anderem Inhalt übernommen ({where}); " +
            $"eine Soll-Stellung ändert sich nie, eine Änderung braucht eine neue AnordnungsNr (oder eine Absetzung). Abweichend: {differs}. " +
            $"Bisher: {before}. Jetzt: {now}.");
    }

    private static string German(decimal amount)
    {
        var text = amount.ToString("#,##0.00", CultureInfo.InvariantCulture);
        var swapped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            swapped.Append(c switch { ',' => '.', '.' => ',', _ => c });
        }

        return swapped.ToString();
    }

    private readonly record struct RowCounts(long Rows, long Absetzungen, decimal Total);

    private sealed record Version(string Kassenzeichen, decimal Betrag, DateOnly Faellig, string Schuldner, string? Iban, string Haushaltsstelle, string? Text)
    {
        public static IEnumerable<string> Differences(Version a, Version b)
        {
            if (a.Kassenzeichen != b.Kassenzeichen)
            {
                yield return "Kassenzeichen";
            }

            if (a.Betrag != b.Betrag)
            {
                yield return "Betrag";
            }

            if (a.Faellig != b.Faellig)
            {
                yield return "Faellig";
            }

            if (a.Schuldner != b.Schuldner)
            {
                yield return "Schuldner";
            }

            if (a.Iban != b.Iban)
            {
                yield return "IBAN";
            }

            if (a.Haushaltsstelle != b.Haushaltsstelle)
            {
                yield return "Haushaltsstelle";
            }

            if (a.Text != b.Text)
            {
                yield return "Text";
            }
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"Kassenzeichen {Kassenzeichen}, Betrag {German(Betrag)}, fällig {Faellig:dd.MM.yyyy}, Schuldner {Schuldner}, IBAN {Iban ?? "-"}, Haushaltsstelle {Haushaltsstelle}, Text {Text ?? "-"}");
    }

    private sealed record ConflictRow(
        int Line,
        string Verfahren,
        string AnordnungsNr,
        string Kassenzeichen,
        decimal Betrag,
        DateOnly Faellig,
        string Schuldner,
        string? Iban,
        string Haushaltsstelle,
        string? Text,
        string OldKassenzeichen,
        decimal OldBetrag,
        DateOnly OldFaellig,
        string OldSchuldner,
        string? OldIban,
        string OldHaushaltsstelle,
        string? OldText,
        int OldLine,
        string OldFileName,
        bool SameFile);
}
