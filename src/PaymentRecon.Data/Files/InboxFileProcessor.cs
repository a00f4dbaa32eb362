using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using PaymentRecon.Inbox;

namespace PaymentRecon.Data.Files;

/// <summary>
/// Takes inbox files whole or not at all. Each file is imported in one transaction together with
/// its <c>recon.import_file</c> row; then it moves to <c>archive/YYYY-MM-DD/</c>. A file the
/// importer rejects is rolled back and moved to the quarantine with <c>FILE.error.txt</c> beside it
/// that lists every problem. The same bytes a second time change nothing.
/// </summary>
/// <remarks>
/// Crash safety: the database commit comes before the move. A process killed in between leaves an
/// imported file in the inbox; the next run recognises its hash as imported and only archives it.
/// </remarks>
public sealed partial class InboxFileProcessor
{
    public const string ErrorFileSuffix = ".error.txt";

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;

    public InboxFileProcessor(NpgsqlDataSource dataSource, ILogger logger)
    {
        _dataSource = dataSource;
        _logger = logger;
    }

    /// <summary>
    /// Processes <paramref name="paths"/> in the given order. <paramref name="import"/> writes the
    /// file's rows inside the transaction it is handed and returns a one-line summary; it throws
    /// <see cref="ImportFileRejectedException"/> for a bad file. Other exceptions (database down)
    /// propagate and leave the file in the inbox for the next run.
    /// </summary>
    public async Task<IReadOnlyList<InboxFileOutcome>> ProcessAsync(
        string kind,
        IEnumerable<string> paths,
        long runId,
        DateOnly businessDate,
        string archiveRoot,
        string quarantineRoot,
        Func<InboxFile, NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<string>> import,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(import);
        var outcomes = new List<InboxFileOutcome>();
        var archive = Path.Combine(archiveRoot, businessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        foreach (var path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            outcomes.Add(await ProcessOneAsync(kind, path, runId, archive, quarantineRoot, import, cancellationToken).ConfigureAwait(false));
        }

        return outcomes;
    }

    private async Task<InboxFileOutcome> ProcessOneAsync(
        string kind,
        string path,
        long runId,
        string archive,
        string quarantineRoot,
        Func<InboxFile, NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<string>> import,
        CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(path);
        var (sha256, size) = await HashAsync(path, cancellationToken).ConfigureAwait(false);
        var hex = Convert.ToHexStringLower(sha256);

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (await IsImportedAsync(connection, kind, sha256, cancellationToken).ConfigureAwait(false))
        {
            return await ArchiveDuplicateAsync(connection, kind, path, sha256, size, runId, archive, cancellationToken).ConfigureAwait(false);
        }

        var archivePath = FreeName(archive, fileName);
        string summary;
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            long id;
            try
            {
                id = await InsertAsync(connection, transaction, kind, fileName, sha256, size, runId, "imported", archivePath, null, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Another process imported the same bytes a moment ago.
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return await ArchiveDuplicateAsync(connection, kind, path, sha256, size, runId, archive, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                summary = await import(new InboxFile(id, path, fileName, sha256, size), connection, transaction, cancellationToken).ConfigureAwait(false);
            }
            catch (ImportFileRejectedException rejection)
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                return await QuarantineAsync(connection, kind, path, sha256, size, runId, quarantineRoot, rejection.Problems, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        FaultPoint.Reached("inbox-committed");
        Move(path, archivePath);
        LogImported(kind, fileName, hex[..12]);
        return new InboxFileOutcome(fileName, hex, InboxFileStatus.Imported, summary, archivePath, []);
    }

    private async Task<InboxFileOutcome> ArchiveDuplicateAsync(
        NpgsqlConnection connection, string kind, string path, byte[] sha256, long size, long runId, string archive, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(path);
        var archivePath = FreeName(archive, fileName);
        var first = await connection.QuerySingleAsync<(string FileName, DateTime ReceivedAt)>(new CommandDefinition(
            "SELECT file_name, received_at FROM recon.import_file WHERE kind = @kind AND sha256 = @sha256 AND status = 'imported'",
            new { kind, sha256 }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"Same bytes as '{first.FileName}', imported {first.ReceivedAt:yyyy-MM-dd HH:mm} UTC: nothing changed.");
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await InsertAsync(connection, transaction, kind, fileName, sha256, size, runId, "duplicate", archivePath, reason, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        FaultPoint.Reached("inbox-committed");
        Move(path, archivePath);
        LogDuplicate(kind, fileName);
        return new InboxFileOutcome(fileName, Convert.ToHexStringLower(sha256), InboxFileStatus.Duplicate, reason, archivePath, []);
    }

    private async Task<InboxFileOutcome> QuarantineAsync(
        NpgsqlConnection connection,
        string kind,
        string path,
        byte[] sha256,
        long size,
        long runId,
        string quarantineRoot,
        IReadOnlyList<ImportProblem> problems,
        CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(path);
        Directory.CreateDirectory(quarantineRoot);
        var target = FreeName(quarantineRoot, fileName);
        var report = ErrorReport(fileName, Convert.ToHexStringLower(sha256), problems);
        var reportPath = target + ErrorFileSuffix;
        var temporary = reportPath + ".tmp";
        await File.WriteAllTextAsync(temporary, report, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, reportPath, overwrite: true);
        Move(path, target);

        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await InsertAsync(connection, transaction, kind, fileName, sha256, size, runId, "quarantined", target, report, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        LogQuarantined(kind, fileName, problems.Count);
        var summary = problems.Count == 1 ? problems[0].ToString() : string.Create(CultureInfo.InvariantCulture, $"{problems.Count} problems, see {Path.GetFileName(reportPath)}");
        return new InboxFileOutcome(fileName, Convert.ToHexStringLower(sha256), InboxFileStatus.Quarantined, summary, target, problems);
    }

    /// <summary>The text of <c>FILE.error.txt</c>.</summary>
    public static string ErrorReport(string fileName, string sha256Hex, IReadOnlyList<ImportProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Datei: {fileName}\n");
        text.Append(CultureInfo.InvariantCulture, $"SHA-256: {sha256Hex}\n");
        text.Append(CultureInfo.InvariantCulture, $"Die Datei wurde nicht übernommen (nichts daraus wurde gebucht). {problems.Count} Problem(e):\n\n");
        foreach (var problem in problems)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {problem}\n");
        }

        text.Append("\nNach der Korrektur die Datei wieder in den Eingang legen; der nächste Lauf übernimmt sie.\n");
        return text.ToString();
    }

    private static async Task<(byte[] Sha256, long Size)> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return (hash, stream.Length);
    }

    private static async Task<bool> IsImportedAsync(NpgsqlConnection connection, string kind, byte[] sha256, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM recon.import_file WHERE kind = @kind AND sha256 = @sha256 AND status = 'imported')",
            new { kind, sha256 }, cancellationToken: cancellationToken)).ConfigureAwait(false);

    private static Task<long> InsertAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string kind,
        string fileName,
        byte[] sha256,
        long size,
        long runId,
        string status,
        string archivePath,
        string? problems,
        CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO recon.import_file (kind, file_name, sha256, size_bytes, run_id, status, archive_path, problems)
            VALUES (@kind, @fileName, @sha256, @size, @runId, @status, @archivePath, @problems)
            RETURNING id
            """,
            new { kind, fileName, sha256, size, runId, status, archivePath, problems }, transaction, cancellationToken: cancellationToken));

    /// <summary>A path in <paramref name="folder"/> not yet taken: <c>name.xml</c>, else <c>name.2.xml</c>, ...</summary>
    private static string FreeName(string folder, string fileName)
    {
        var candidate = Path.Combine(folder, fileName);
        for (var n = 2; File.Exists(candidate) || File.Exists(candidate + ErrorFileSuffix); n++)
        {
            candidate = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(fileName)}.{n}{Path.GetExtension(fileName)}"));
        }

        return candidate;
    }

    private static void Move(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Move(from, to);
    }

    // File names are chosen by banks and procedures, not by citizens: no personal data.
    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Kind} file {FileName} (sha256 {Sha256Prefix})")]
    private partial void LogImported(string kind, string fileName, string sha256Prefix);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} file {FileName} was imported before; archived without changes")]
    private partial void LogDuplicate(string kind, string fileName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Quarantined {Kind} file {FileName}: {ProblemCount} problem(s)")]
    private partial void LogQuarantined(string kind, string fileName, int problemCount);
}
