using System.Globalization;
using System.Runtime.CompilerServices;
using Dapper;
using Npgsql;
using PaymentRecon.Booking;

namespace PaymentRecon.Data.Booking;

/// <summary>
/// The export register (<c>recon.export</c>) and the assignment of booking lines to exports.
/// </summary>
/// <remarks>
/// The protocol that makes every line go out exactly once: (1) one transaction fixes which lines
/// belong to a new export and gives them their BuchungsId; (2) the files are written under a temp
/// name and renamed, the control file last; (3) the export is marked written. A crash after (1)
/// leaves a <c>prepared</c> export, which the next run writes again from the same lines, so a line
/// is never in two files and never in none.
/// </remarks>
public sealed class ExportStore
{
    // Serialises (1) across processes; the run lease covers runs, but "export now" can come from anywhere.
    private const long PrepareLockKey = 0x5265_636F_6E45_7870; // "ReconExp"

    /// <summary>A file holds at most this many lines (the line part of the BuchungsId has seven digits); more go into the next file.</summary>
    public const int MaxLinesPerFile = 9_999_999;

    private readonly NpgsqlDataSource _dataSource;

    public ExportStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    public static string FileNameFor(DateOnly businessDate, int sequence) => OutboxFileNames.Bookings(businessDate, sequence) + ".csv";

    /// <summary>
    /// Step (1): assigns every line not yet exported to a new export of <paramref name="businessDate"/>,
    /// in a fixed order, and numbers them. Returns null when there is nothing to export.
    /// </summary>
    public async Task<PreparedExport?> PrepareAsync(long? runId, DateOnly businessDate, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = PrepareLockKey }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        var pending = Math.Min(MaxLinesPerFile, await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM recon.booking WHERE export_id IS NULL", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false));
        if (pending == 0)
        {
            return null;
        }

        var sequence = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT coalesce(max(sequence), 0) + 1 FROM recon.export WHERE business_date = @businessDate",
            new { businessDate }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var fileName = FileNameFor(businessDate, sequence);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO recon.export (business_date, sequence, file_name, status, line_count, run_id)
            VALUES (@businessDate, @sequence, @fileName, 'prepared', @pending, @runId)
            RETURNING id
            """,
            new { businessDate, sequence, fileName, pending, runId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        // The order depends only on content and insertion order, never on identity values, so a
        // killed and repeated run numbers its lines exactly as a clean run would.
        var prefix = string.Create(CultureInfo.InvariantCulture, $"{businessDate:yyyyMMdd}-{sequence:D4}-");
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE recon.booking AS b
            SET export_id = @id, buchungs_id = @prefix || lpad(o.line::text, 7, '0')
            FROM (
                SELECT id, row_number() OVER (ORDER BY buchungsdatum, statement_id NULLS LAST, receipt_id, id) AS line
                FROM recon.booking
                WHERE export_id IS NULL
                ORDER BY buchungsdatum, statement_id NULLS LAST, receipt_id, id
                LIMIT @pending
            ) AS o
            WHERE b.id = o.id
            """,
            new { id, prefix, pending }, transaction, cancellationToken: cancellationToken, commandTimeout: 0)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new PreparedExport(id, businessDate, sequence, fileName, pending, runId);
    }

    /// <summary>Exports fixed by step (1) whose files were not confirmed written: a crash in between.</summary>
    public async Task<IReadOnlyList<PreparedExport>> UnfinishedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<PreparedExport>(new CommandDefinition(
            "SELECT id, business_date, sequence, file_name, line_count, run_id FROM recon.export WHERE status = 'prepared' ORDER BY id",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToList();
    }

    /// <summary>An export by its CSV file name (for <c>export resend</c>).</summary>
    public async Task<(PreparedExport Export, string Status, byte[]? Sha256, string? ControlJson)?> FindAsync(string fileName, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<ExportRow>(new CommandDefinition(
            "SELECT id, business_date, sequence, file_name, line_count, run_id, status, sha256, control_json FROM recon.export WHERE file_name = @fileName",
            new { fileName }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row is null
            ? null
            : (new PreparedExport(row.Id, row.BusinessDate, row.Sequence, row.FileName, row.LineCount, row.RunId), row.Status, row.Sha256, row.ControlJson);
    }

    /// <summary>The lines of an export in file order.</summary>
    public async IAsyncEnumerable<BookingLine> LinesAsync(long exportId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            SELECT buchungs_id, satzart, buchungsdatum, valuta, betrag, waehrung, kassenzeichen, anordnungs_nr, verfahren,
                   haushaltsstelle, zahlungspflichtiger, iban, verwendungszweck, bankreferenz, auszug, zuordnung, regel
            FROM recon.booking WHERE export_id = $1 ORDER BY buchungs_id
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = exportId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new BookingLine(
                BuchungsId: reader.GetString(0),
                Satzart: ParseSatzart(reader.GetString(1)),
                Buchungsdatum: reader.GetFieldValue<DateOnly>(2),
                Valuta: reader.GetFieldValue<DateOnly>(3),
                Betrag: new Money(reader.GetDecimal(4), Currency.Parse(reader.GetString(5))),
                Kassenzeichen: NullableString(reader, 6),
                AnordnungsNr: NullableString(reader, 7),
                Verfahren: NullableString(reader, 8),
                Haushaltsstelle: NullableString(reader, 9),
                Zahlungspflichtiger: NullableString(reader, 10),
                Iban: NullableString(reader, 11),
                Verwendungszweck: NullableString(reader, 12),
                Bankreferenz: NullableString(reader, 13),
                Auszug: NullableString(reader, 14),
                Zuordnung: reader.GetString(15) == "MANUELL" ? Zuordnung.Manuell : Zuordnung.Auto,
                Regel: reader.GetString(16));
        }
    }

    /// <summary>Step (3): the files are complete in the outbox.</summary>
    public async Task MarkWrittenAsync(long exportId, byte[] sha256, string controlJson, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE recon.export SET status = 'written', sha256 = @sha256, control_json = @controlJson, written_at = now() WHERE id = @exportId",
            new { exportId, sha256, controlJson }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The statements whose entries the lines of an export come from, in statement order.</summary>
    public async Task<IReadOnlyList<CoveredStatement>> StatementsAsync(long exportId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string StmtId, long? ElectronicSeq, string? Iban)>(new CommandDefinition(
            """
            SELECT s.stmt_id, s.electronic_seq, s.account_iban
            FROM recon.statement s
            WHERE s.id IN (SELECT DISTINCT statement_id FROM recon.booking WHERE export_id = @exportId)
            ORDER BY s.account_key, s.electronic_seq NULLS LAST, s.stmt_id
            """,
            new { exportId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new CoveredStatement(r.StmtId, r.ElectronicSeq, r.Iban)).ToList();
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static Satzart ParseSatzart(string value) => value switch
    {
        "IST" => Satzart.Ist,
        "VWG" => Satzart.Vwg,
        "GEB" => Satzart.Geb,
        _ => throw new InvalidOperationException($"Unknown Satzart '{value}' in recon.booking."),
    };

    private sealed record ExportRow(long Id, DateOnly BusinessDate, int Sequence, string FileName, int LineCount, long? RunId, string Status, byte[]? Sha256, string? ControlJson);
}
