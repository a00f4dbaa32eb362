using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Npgsql;
using PaymentRecon.Data.Files;
using PaymentRecon.Inbox;
using PaymentRecon.Sepa;

namespace PaymentRecon.Data.Sepa;

/// <summary>
/// Imports a file from <c>inbox/sepa/</c> inside the transaction of <see cref="InboxFileProcessor"/>:
/// a submitted pain.008 (own direct debits) or a pain.002 status report, told apart by the root
/// namespace. Idempotent by <c>GrpHdr/MsgId</c>: the same message again adds nothing, a different
/// message under a known MsgId rejects the file naming both.
/// </summary>
public sealed class SepaFileImporter
{
    private readonly Pain008Reader _pain008;

    public SepaFileImporter(KassenzeichenFormat kassenzeichen) => _pain008 = new Pain008Reader(kassenzeichen);

    /// <summary>Has the shape of the <see cref="InboxFileProcessor"/> import delegate.</summary>
    public async Task<string> ImportAsync(InboxFile file, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        await using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var (ns, message) = SepaMessage.Detect(stream);
        stream.Position = 0;
        return message switch
        {
            Pain008Reader.Message => await ImportPain008Async(file, Take(_pain008.Read(stream)), connection, transaction, cancellationToken).ConfigureAwait(false),
            Pain002Reader.Message => await ImportPain002Async(file, Take(Pain002Reader.Read(stream)), connection, transaction, cancellationToken).ConfigureAwait(false),
            // Unreadable XML (a DTD included) or no Document root: the reader says where and why.
            null when _pain008.Read(stream).Problems is { Count: > 0 } problems => throw new ImportFileRejectedException(problems),
            _ => throw new ImportFileRejectedException(new ImportProblem("/Document", ns,
                "Keine SEPA-Datei, die hier verarbeitet wird: erwartet pain.008 (CstmrDrctDbtInitn) oder pain.002 (CstmrPmtStsRpt).")),
        };
    }

    private static T Take<T>(SepaReading<T> reading)
        where T : class =>
        reading.IsValid ? reading.Document! : throw new ImportFileRejectedException(reading.Problems);

    private static async Task<string> ImportPain008Async(InboxFile file, Pain008Document document, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(document));
        var known = await KnownAsync(connection, transaction, "recon.sepa_collection_message", document.MessageId, hash, cancellationToken).ConfigureAwait(false);
        if (known is not null)
        {
            return known;
        }

        var messageId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO recon.sepa_collection_message (import_file_id, msg_id, version, created_at, nb_of_txs, ctrl_sum, initiating_party, content_sha256, file_name)
            VALUES (@ImportFileId, @MessageId, @Version, @CreatedAt, @NumberOfTransactions, @ControlSum, @InitiatingParty, @hash, @FileName)
            RETURNING id
            """,
            new { file.ImportFileId, document.MessageId, document.Version, document.CreatedAt, document.NumberOfTransactions, document.ControlSum, document.InitiatingParty, hash, file.FileName },
            transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        var withKassenzeichen = 0;
        foreach (var info in document.PaymentInformations)
        {
            var infoId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO recon.sepa_payment_information (message_id, position, pmt_inf_id, requested_collection_date, sequence_type, local_instrument,
                    nb_of_txs, ctrl_sum, creditor_name, creditor_iban, creditor_scheme_id)
                VALUES (@messageId, @Position, @PaymentInformationId, @RequestedCollectionDate, @SequenceType, @LocalInstrument,
                    @NumberOfTransactions, @ControlSum, @CreditorName, @CreditorIban, @CreditorSchemeId)
                RETURNING id
                """,
                new
                {
                    messageId, info.Position, info.PaymentInformationId, info.RequestedCollectionDate, info.SequenceType, info.LocalInstrument,
                    info.NumberOfTransactions, info.ControlSum, info.CreditorName, info.CreditorIban, info.CreditorSchemeId,
                },
                transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO recon.sepa_collection (payment_information_id, position, end_to_end_id, instruction_id, amount, currency, mandate_id, mandate_signed_on,
                    creditor_scheme_id, debtor_name, debtor_iban, remittance, creditor_reference, kassenzeichen)
                VALUES (@InfoId, @Position, @EndToEndId, @InstructionId, @Amount, @Currency, @MandateId, @MandateSignedOn,
                    @CreditorSchemeId, @DebtorName, @DebtorIban, @Remittance, @CreditorReference, @Kassenzeichen)
                """,
                info.Transactions.Select(t => new
                {
                    InfoId = infoId, t.Position, t.EndToEndId, t.InstructionId, Amount = t.Amount.Amount, Currency = t.Amount.Currency.Code, t.MandateId, t.MandateSignedOn,
                    t.CreditorSchemeId, t.DebtorName, t.DebtorIban, Remittance = t.RemittanceLines.Count == 0 ? null : string.Join(" ", t.RemittanceLines),
                    t.CreditorReference, t.Kassenzeichen,
                }),
                transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            withKassenzeichen += info.Transactions.Count(t => t.Kassenzeichen is not null);
        }

        var count = document.PaymentInformations.Sum(p => p.Transactions.Count);
        var sum = document.PaymentInformations.Sum(p => p.Transactions.Sum(t => t.Amount.Amount));
        return string.Create(CultureInfo.InvariantCulture,
            $"{document.Version} {document.MessageId}: {document.PaymentInformations.Count} Sammler, {count} Lastschrift(en), {sum:0.00} EUR; {count - withKassenzeichen} ohne erkanntes Kassenzeichen.");
    }

    private static async Task<string> ImportPain002Async(InboxFile file, Pain002Document document, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(document));
        var known = await KnownAsync(connection, transaction, "recon.sepa_status_report", document.MessageId, hash, cancellationToken).ConfigureAwait(false);
        if (known is not null)
        {
            return known;
        }

        var reportId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO recon.sepa_status_report (import_file_id, msg_id, version, created_at, original_msg_id, original_msg_name, content_sha256, file_name)
            VALUES (@ImportFileId, @MessageId, @Version, @CreatedAt, @OriginalMessageId, @OriginalMessageNameId, @hash, @FileName)
            RETURNING id
            """,
            new { file.ImportFileId, document.MessageId, document.Version, document.CreatedAt, document.OriginalMessageId, document.OriginalMessageNameId, hash, file.FileName },
            transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        var rows = new List<StatusRow> { Row(reportId, "group", null, null, null, document.GroupStatus, document.GroupReasons, null, null) };
        foreach (var info in document.PaymentInformations)
        {
            rows.Add(Row(reportId, "payment_information", info.OriginalPaymentInformationId, null, null, info.Status, info.Reasons, null, null));
            rows.AddRange(info.Transactions.Select(t => Row(
                reportId, "transaction", info.OriginalPaymentInformationId, t.OriginalEndToEndId, t.OriginalInstructionId, t.Status,
                t.Reasons.Count > 0 ? t.Reasons : info.Reasons, t.OriginalAmount?.Amount, t.OriginalMandateId)));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO recon.sepa_status (report_id, level, original_pmt_inf_id, original_end_to_end_id, original_instruction_id, status, reason_code, reason_text, original_amount, original_mandate_id)
            VALUES (@ReportId, @Level, @PmtInfId, @EndToEndId, @InstructionId, @Status, @ReasonCode, @ReasonText, @Amount, @MandateId)
            """,
            rows, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        var rejectedTransactions = rows.Count(r => r.Level == "transaction" && r.Status == "RJCT");
        var rejectedBatches = rows.Count(r => r.Level == "payment_information" && r.Status == "RJCT");
        return string.Create(CultureInfo.InvariantCulture,
            $"{document.Version} {document.MessageId} zu {document.OriginalMessageId}: Gruppenstatus {document.GroupStatus ?? "-"}, {rejectedBatches} Sammler und {rejectedTransactions} Lastschrift(en) abgelehnt.");
    }

    private static StatusRow Row(long reportId, string level, string? pmtInfId, string? endToEndId, string? instructionId, string? status, IReadOnlyList<StatusReason> reasons, decimal? amount, string? mandateId) =>
        new(reportId, level, pmtInfId, endToEndId, instructionId, status,
            reasons.Select(r => r.Code).FirstOrDefault(c => c is not null),
            reasons.Count == 0 ? null : string.Join("; ", reasons.Select(r => string.Join(": ", new[] { r.Code, r.AdditionalInformation }.Where(p => p is not null)))),
            amount, mandateId);

    // Same MsgId: the same content is a re-delivery (nothing to do), other content is a conflict.
    private static async Task<string?> KnownAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, string msgId, byte[] hash, CancellationToken cancellationToken)
    {
        var sql = table == "recon.sepa_collection_message"
            ? "SELECT content_sha256 AS Hash, file_name AS FileName, imported_at AS ImportedAt FROM recon.sepa_collection_message WHERE msg_id = @msgId"
            : "SELECT content_sha256 AS Hash, file_name AS FileName, imported_at AS ImportedAt FROM recon.sepa_status_report WHERE msg_id = @msgId";
        var known = await connection.QuerySingleOrDefaultAsync<KnownMessage>(new CommandDefinition(sql, new { msgId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (known is null)
        {
            return null;
        }

        if (known.Hash.AsSpan().SequenceEqual(hash))
        {
            return string.Create(CultureInfo.InvariantCulture, $"MsgId {msgId} wurde schon aus '{known.FileName}' übernommen ({known.ImportedAt:yyyy-MM-dd HH:mm} UTC): nichts geändert.");
        }

        throw new ImportFileRejectedException(new ImportProblem("/Document/*/GrpHdr/MsgId", msgId, string.Create(CultureInfo.InvariantCulture,
            $"Eine Nachricht mit dieser MsgId wurde am {known.ImportedAt:yyyy-MM-dd HH:mm} UTC aus '{known.FileName}' mit anderem Inhalt übernommen; diese Datei weicht davon ab. Eine neue Einreichung braucht eine neue MsgId.")));
    }

    private sealed record KnownMessage(byte[] Hash, string FileName, DateTime ImportedAt);

    private sealed record StatusRow(
        long ReportId, string Level, string? PmtInfId, string? EndToEndId, string? InstructionId, string? Status, string? ReasonCode, string? ReasonText, decimal? Amount, string? MandateId);
}
