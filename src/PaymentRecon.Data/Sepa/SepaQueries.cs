using Dapper;
using Npgsql;

namespace PaymentRecon.Data.Sepa;

/// <summary>
/// What the matching of own direct debits reads: collections by EndToEndId, PmtInfId or mandate,
/// and the rejections for the run report. Works on the caller's connection and transaction.
/// </summary>
public sealed class SepaQueries
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction? _transaction;

    public SepaQueries(NpgsqlConnection connection, NpgsqlTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>
    /// Collections with this EndToEndId (camt <c>Refs/EndToEndId</c> of a credit or return),
    /// narrowed to one batch when <paramref name="paymentInformationId"/> is given. Usually one;
    /// several when EndToEndIds were reused across submissions: newest collection date first.
    /// </summary>
    public async Task<IReadOnlyList<SepaDirectDebit>> FindCollectionByEndToEndIdAsync(string endToEndId, string? paymentInformationId, CancellationToken cancellationToken) =>
        [.. await _connection.QueryAsync<SepaDirectDebit>(new CommandDefinition(
            CollectionSelect + " WHERE c.end_to_end_id = @endToEndId AND (@paymentInformationId::text IS NULL OR pi.pmt_inf_id = @paymentInformationId) ORDER BY pi.requested_collection_date DESC, c.id DESC",
            new { endToEndId, paymentInformationId }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)];

    /// <summary>
    /// Every collection whose EndToEndId or mandate is one of the given (one query for a whole
    /// night's credits and returns), rejected ones included (see <see cref="SepaDirectDebit.Rejected"/>).
    /// </summary>
    public async Task<IReadOnlyList<SepaDirectDebit>> FindCollectionsAsync(string[] endToEndIds, string[] mandateIds, CancellationToken cancellationToken) =>
        [.. await _connection.QueryAsync<SepaDirectDebit>(new CommandDefinition(
            CollectionSelect + " WHERE c.end_to_end_id = ANY(@endToEndIds) OR c.mandate_id = ANY(@mandateIds) ORDER BY pi.requested_collection_date DESC, c.id DESC",
            new { endToEndIds, mandateIds }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)];

    /// <summary>True when any pain.008 was imported: without one, nothing needs to be looked up.</summary>
    public async Task<bool> AnyCollectionAsync(CancellationToken cancellationToken) =>
        await _connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM recon.sepa_collection)", transaction: _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

    /// <summary>Collections under this mandate (a return that names only <c>MndtId</c>), newest collection date first.</summary>
    public async Task<IReadOnlyList<SepaDirectDebit>> FindCollectionsByMandateIdAsync(string mandateId, CancellationToken cancellationToken) =>
        [.. await _connection.QueryAsync<SepaDirectDebit>(new CommandDefinition(
            CollectionSelect + " WHERE c.mandate_id = @mandateId ORDER BY pi.requested_collection_date DESC, c.id DESC",
            new { mandateId }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)];

    /// <summary>Batches with this <c>PmtInfId</c> (camt <c>Btch/PmtInfId</c>) and their totals.</summary>
    public async Task<IReadOnlyList<SepaPaymentInformationSummary>> ByPaymentInformationIdAsync(string paymentInformationId, CancellationToken cancellationToken) =>
        [.. await _connection.QueryAsync<SepaPaymentInformationSummary>(new CommandDefinition(
            """
            SELECT pi.id AS Id, m.msg_id AS MessageId, pi.pmt_inf_id AS PaymentInformationId, pi.requested_collection_date AS RequestedCollectionDate,
                   pi.creditor_iban AS CreditorIban, count(*) AS CollectionCount, sum(c.amount) AS TotalAmount,
                   count(*) FILTER (WHERE rj.status IS NOT NULL) AS RejectedCount, coalesce(sum(c.amount) FILTER (WHERE rj.status IS NOT NULL), 0) AS RejectedAmount
            FROM recon.sepa_payment_information pi
            JOIN recon.sepa_collection_message m ON m.id = pi.message_id
            JOIN recon.sepa_collection c ON c.payment_information_id = pi.id
            """ + Rejection + """
             WHERE pi.pmt_inf_id = @paymentInformationId
             GROUP BY pi.id, m.msg_id
             ORDER BY pi.requested_collection_date DESC, pi.id DESC
            """,
            new { paymentInformationId }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)];

    /// <summary>The collections with these row ids.</summary>
    public async Task<IReadOnlyList<SepaDirectDebit>> CollectionsByIdAsync(long[] ids, CancellationToken cancellationToken) =>
        [.. await _connection.QueryAsync<SepaDirectDebit>(new CommandDefinition(
            CollectionSelect + " WHERE c.id = ANY(@ids) ORDER BY c.id",
            new { ids }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)];

    /// <summary>The collections of one batch, in file order (to match a batch's TxDtls one by one).</summary>
    public async Task<IReadOnlyList<SepaDirectDebit>> CollectionsOfPaymentInformationAsync(long paymentInformationRowId, CancellationToken cancellationToken) =>
        [.. await _connection.QueryAsync<SepaDirectDebit>(new CommandDefinition(
            CollectionSelect + " WHERE pi.id = @paymentInformationRowId ORDER BY c.position",
            new { paymentInformationRowId }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)];

    /// <summary>
    /// Collections rejected by status reports imported since <paramref name="since"/>, for the run
    /// report's "Lastschrift abgelehnt" list: one row per collection (the most specific status
    /// wins), plus one row per rejection whose original is not imported.
    /// </summary>
    public async Task<IReadOnlyList<RejectedDirectDebit>> RejectedCollectionsAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        [.. await _connection.QueryAsync<RejectedDirectDebit>(new CommandDefinition(
            """
            SELECT ReportMessageId, ReportCreatedAt, Level, OriginalMessageId, PaymentInformationId, EndToEndId, ReasonCode, ReasonText,
                   CollectionId, Amount, MandateId, Kassenzeichen, DebtorName, RequestedCollectionDate
            FROM (
                SELECT DISTINCT ON (r.id, coalesce(c.id, -s.id))
                       r.msg_id AS ReportMessageId, r.created_at AS ReportCreatedAt, s.level AS Level, r.original_msg_id AS OriginalMessageId,
                       coalesce(pi.pmt_inf_id, s.original_pmt_inf_id) AS PaymentInformationId, coalesce(c.end_to_end_id, s.original_end_to_end_id) AS EndToEndId,
                       s.reason_code AS ReasonCode, s.reason_text AS ReasonText, c.id AS CollectionId, coalesce(c.amount, s.original_amount) AS Amount,
                       coalesce(c.mandate_id, s.original_mandate_id) AS MandateId, c.kassenzeichen AS Kassenzeichen, c.debtor_name AS DebtorName,
                       pi.requested_collection_date AS RequestedCollectionDate, c.position AS PositionInBatch, pi.position AS BatchPosition
                FROM recon.sepa_status s
                JOIN recon.sepa_status_report r ON r.id = s.report_id
                LEFT JOIN recon.sepa_collection_message m ON m.msg_id = r.original_msg_id
                LEFT JOIN recon.sepa_payment_information pi ON pi.message_id = m.id AND (s.level = 'group' OR pi.pmt_inf_id = s.original_pmt_inf_id)
                LEFT JOIN recon.sepa_collection c ON c.payment_information_id = pi.id AND (s.level <> 'transaction' OR c.end_to_end_id = s.original_end_to_end_id)
                WHERE s.status = 'RJCT' AND r.imported_at >= @since
                ORDER BY r.id, coalesce(c.id, -s.id), CASE s.level WHEN 'transaction' THEN 0 WHEN 'payment_information' THEN 1 ELSE 2 END, s.id
            ) rejected
            ORDER BY ReportCreatedAt, OriginalMessageId, BatchPosition NULLS LAST, PositionInBatch NULLS LAST
            """,
            new { since = since.UtcDateTime }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)];

    // The most specific RJCT status of a collection, if any: transaction, then batch, then file.
    // Needs the aliases m (message), pi (block) and c (collection).
    internal const string Rejection =
        """

        LEFT JOIN LATERAL (
            SELECT s.status, s.reason_code
            FROM recon.sepa_status s
            JOIN recon.sepa_status_report r ON r.id = s.report_id
            WHERE r.original_msg_id = m.msg_id AND s.status = 'RJCT'
              AND (s.level = 'group' OR (s.original_pmt_inf_id = pi.pmt_inf_id AND (s.level = 'payment_information' OR s.original_end_to_end_id = c.end_to_end_id)))
            ORDER BY CASE s.level WHEN 'transaction' THEN 0 WHEN 'payment_information' THEN 1 ELSE 2 END, s.id
            LIMIT 1
        ) rj ON true
        """;

    private const string CollectionSelect =
        """
        SELECT c.id AS Id, m.msg_id AS MessageId, pi.pmt_inf_id AS PaymentInformationId, pi.requested_collection_date AS RequestedCollectionDate,
               pi.sequence_type AS SequenceType, pi.creditor_iban AS CreditorIban, c.end_to_end_id AS EndToEndId, c.amount AS Amount,
               c.currency::text AS Currency, c.mandate_id AS MandateId, c.kassenzeichen AS Kassenzeichen, c.debtor_name AS DebtorName,
               c.debtor_iban AS DebtorIban, c.remittance AS Remittance, rj.status IS NOT NULL AS Rejected, rj.reason_code AS RejectionReason
        FROM recon.sepa_collection c
        JOIN recon.sepa_payment_information pi ON pi.id = c.payment_information_id
        JOIN recon.sepa_collection_message m ON m.id = pi.message_id
        """ + Rejection;
}
