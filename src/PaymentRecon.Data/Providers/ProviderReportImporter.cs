using System.Globalization;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using PaymentRecon.Data.Files;
using PaymentRecon.Inbox;
using PaymentRecon.Providers;

namespace PaymentRecon.Data.Providers;

/// <summary>
/// Imports one provider settlement report (<c>inbox/providers/PROFILE/*</c>) inside the
/// transaction of <see cref="InboxFileProcessor"/>. Rows stream from the CSV through binary COPY
/// into a staging table, so a report of any size is read once with constant memory; the checks
/// against what is already stored are then set-based.
/// </summary>
/// <remarks>
/// Idempotent per (profile, transaction id): a row seen before with the same content adds nothing;
/// with different content the whole file is rejected, naming the earlier file and line. A known
/// row without payout that now names one gets it (PayPal reports a payment before its withdrawal).
/// </remarks>
public sealed class ProviderReportImporter
{
    private readonly ProviderProfile _profile;

    public ProviderReportImporter(ProviderProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _profile = profile;
    }

    /// <summary>Has the shape of the <see cref="InboxFileProcessor"/> import delegate.</summary>
    public async Task<string> ImportAsync(InboxFile file, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(connection);
        await connection.ExecuteAsync(new CommandDefinition(CreateStaging, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        var reader = new ProviderReportReader(_profile);
        var count = 0;
        await using (var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
        await using (var copy = await connection.BeginBinaryImportAsync(CopyStaging, cancellationToken).ConfigureAwait(false))
        {
            foreach (var line in reader.Read(stream))
            {
                await WriteAsync(copy, line, cancellationToken).ConfigureAwait(false);
                count++;
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        if (reader.Problems.Count > 0)
        {
            throw new ImportFileRejectedException(reader.Problems);
        }

        if (count == 0)
        {
            throw new ImportFileRejectedException(new ImportProblem("file", null,
                string.Create(CultureInfo.InvariantCulture, $"Der Bericht enthält keine verwertbare Zeile ({reader.SkippedRows} übersprungen: Status oder Typ nicht übernommen).")));
        }

        await RejectConflictsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(_profile.Columns.PayoutId))
        {
            // The report names payouts only as rows (PayPal withdrawals): a row belongs to the
            // first payout at or after its time.
            await connection.ExecuteAsync(new CommandDefinition(AssignFollowingPayout, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        var profile = _profile.Name;
        var reportId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO recon.provider_report (import_file_id, profile, line_count, new_line_count, known_line_count, skipped_row_count) VALUES (@ImportFileId, @profile, @count, 0, 0, @skipped) RETURNING id",
            new { file.ImportFileId, profile, count, skipped = reader.SkippedRows }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(InsertLines, new { reportId, profile }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(CompletePayoutIds, new { profile }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(UpsertPayouts, new { profile }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE recon.provider_report SET new_line_count = @inserted, known_line_count = @known WHERE id = @reportId",
            new { reportId, inserted, known = count - inserted }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        var totals = await connection.QuerySingleAsync<(decimal Gross, decimal Fee, decimal Net, long Payouts)>(new CommandDefinition(
            """
            SELECT coalesce(sum(gross) FILTER (WHERE kind = 'transaction'), 0), coalesce(sum(fee) FILTER (WHERE kind = 'transaction'), 0),
                   coalesce(sum(net) FILTER (WHERE kind = 'transaction'), 0), count(DISTINCT payout_id)
            FROM recon.provider_line WHERE report_id = @reportId
            """, new { reportId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return string.Create(CultureInfo.InvariantCulture,
            $"Bericht '{profile}': {inserted} neue Zeile(n) (brutto {totals.Gross:0.00}, Gebühren {totals.Fee:0.00}, netto {totals.Net:0.00}; {totals.Payouts} Auszahlung(en)), {count - inserted} schon bekannt, {reader.SkippedRows} übersprungen.");
    }

    private async Task RejectConflictsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var conflicts = (await connection.QueryAsync<ConflictRow>(new CommandDefinition(
            FindConflicts, new { profile = _profile.Name }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        if (conflicts.Count == 0)
        {
            return;
        }

        throw new ImportFileRejectedException([.. conflicts.Select(c => new ImportProblem(
            string.Create(CultureInfo.InvariantCulture, $"line {c.LineNumber}, column {ProviderProfile.Alternatives(_profile.Columns.TransactionId)[0]}"),
            c.TransactionId,
            string.Create(CultureInfo.InvariantCulture,
                $"Diese Transaktion wurde schon mit anderem Inhalt übernommen: '{c.KnownFile}' Zeile {c.KnownLine} ({Describe(c.KnownReference, c.KnownGross, c.KnownFee, c.KnownNet, c.KnownCurrency, c.KnownDate, c.KnownPayout)}); " +
                $"diese Datei: {Describe(c.Reference, c.Gross, c.Fee, c.Net, c.Currency, c.PaymentDate, c.PayoutId)}. Eine Korrektur braucht eine neue Transaktions-Id.")))]);
    }

    private static string Describe(string? reference, decimal gross, decimal fee, decimal net, string currency, DateOnly date, string? payout) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Referenz {reference ?? "-"}, brutto {gross:0.00}, Gebühr {fee:0.00}, netto {net:0.00} {currency}, {date:dd.MM.yyyy}, Auszahlung {payout ?? "-"}");

    private static async Task WriteAsync(NpgsqlBinaryImporter copy, ProviderReportLine line, CancellationToken cancellationToken)
    {
        await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
        await copy.WriteAsync(line.LineNumber, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await copy.WriteAsync(line.Kind == ProviderLineKind.Payout ? "payout" : "transaction", NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await copy.WriteAsync(line.TransactionId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await WriteNullableAsync(copy, line.Reference, cancellationToken).ConfigureAwait(false);
        await copy.WriteAsync(line.Gross.Amount, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
        await copy.WriteAsync(line.Fee.Amount, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
        await copy.WriteAsync(line.Net.Amount, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
        await copy.WriteAsync(line.Gross.Currency.Code, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await copy.WriteAsync(line.PaymentDate, NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
        if (line.PaymentTime is { } time)
        {
            await copy.WriteAsync(time, NpgsqlDbType.Time, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await copy.WriteNullAsync(cancellationToken).ConfigureAwait(false);
        }

        await WriteNullableAsync(copy, line.PayoutId, cancellationToken).ConfigureAwait(false);
        await WriteNullableAsync(copy, line.Status, cancellationToken).ConfigureAwait(false);
        await WriteNullableAsync(copy, line.Type, cancellationToken).ConfigureAwait(false);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private const string CreateStaging =
        """
        CREATE TEMP TABLE provider_line_staging (
            line_number integer NOT NULL, kind text NOT NULL, transaction_id text NOT NULL, reference text,
            gross numeric(15,2) NOT NULL, fee numeric(15,2) NOT NULL, net numeric(15,2) NOT NULL, currency text NOT NULL,
            payment_date date NOT NULL, payment_time time, payout_id text, status text, type text
        ) ON COMMIT DROP
        """;

    private const string CopyStaging =
        "COPY provider_line_staging (line_number, kind, transaction_id, reference, gross, fee, net, currency, payment_date, payment_time, payout_id, status, type) FROM STDIN (FORMAT BINARY)";

    // What must not change between deliveries of one transaction; a payout id may be added later.
    private const string FindConflicts =
        """
        SELECT s.line_number AS LineNumber, s.transaction_id AS TransactionId, s.reference AS Reference, s.gross AS Gross, s.fee AS Fee,
               s.net AS Net, s.currency AS Currency, s.payment_date AS PaymentDate, s.payout_id AS PayoutId,
               l.line_number AS KnownLine, f.file_name AS KnownFile, l.reference AS KnownReference, l.gross AS KnownGross,
               l.fee AS KnownFee, l.net AS KnownNet, l.currency::text AS KnownCurrency, l.payment_date AS KnownDate, l.payout_id AS KnownPayout
        FROM provider_line_staging s
        JOIN recon.provider_line l ON l.profile = @profile AND l.transaction_id = s.transaction_id
        JOIN recon.provider_report r ON r.id = l.report_id
        JOIN recon.import_file f ON f.id = r.import_file_id
        WHERE (s.kind, s.reference, s.gross, s.fee, s.net, s.currency, s.payment_date) IS DISTINCT FROM
              (l.kind, l.reference, l.gross, l.fee, l.net, l.currency::text, l.payment_date)
           OR (s.payout_id IS NOT NULL AND l.payout_id IS NOT NULL AND s.payout_id <> l.payout_id)
        ORDER BY s.line_number
        LIMIT 100
        """;

    private const string AssignFollowingPayout =
        """
        UPDATE provider_line_staging s
        SET payout_id = (
            SELECT p.transaction_id FROM provider_line_staging p
            WHERE p.kind = 'payout' AND p.payment_date + coalesce(p.payment_time, time '23:59:59') >= s.payment_date + coalesce(s.payment_time, time '00:00')
            ORDER BY p.payment_date + coalesce(p.payment_time, time '23:59:59'), p.line_number
            LIMIT 1)
        WHERE s.kind = 'transaction' AND s.payout_id IS NULL
        """;

    private const string InsertLines =
        """
        INSERT INTO recon.provider_line (report_id, profile, line_number, kind, transaction_id, reference, gross, fee, net, currency, payment_date, payment_time, payout_id, status, type)
        SELECT @reportId, @profile, line_number, kind, transaction_id, reference, gross, fee, net, currency, payment_date, payment_time, payout_id, status, type
        FROM provider_line_staging
        ORDER BY line_number
        ON CONFLICT (profile, transaction_id) DO NOTHING
        """;

    private const string CompletePayoutIds =
        """
        UPDATE recon.provider_line l SET payout_id = s.payout_id
        FROM provider_line_staging s
        WHERE l.profile = @profile AND l.transaction_id = s.transaction_id AND l.payout_id IS NULL AND s.payout_id IS NOT NULL
        """;

    private const string UpsertPayouts =
        """
        INSERT INTO recon.provider_payout (profile, payout_id, announced_amount, announced_on)
        SELECT @profile, payout_id, -sum(net) FILTER (WHERE kind = 'payout'), max(payment_date) FILTER (WHERE kind = 'payout')
        FROM provider_line_staging
        WHERE payout_id IS NOT NULL
        GROUP BY payout_id
        ON CONFLICT (profile, payout_id) DO UPDATE
        SET announced_amount = coalesce(recon.provider_payout.announced_amount, excluded.announced_amount),
            announced_on = coalesce(recon.provider_payout.announced_on, excluded.announced_on)
        """;

    private sealed record ConflictRow(
        int LineNumber, string TransactionId, string? Reference, decimal Gross, decimal Fee, decimal Net, string Currency, DateOnly PaymentDate, string? PayoutId,
        int KnownLine, string KnownFile, string? KnownReference, decimal KnownGross, decimal KnownFee, decimal KnownNet, string KnownCurrency, DateOnly KnownDate, string? KnownPayout);
}
