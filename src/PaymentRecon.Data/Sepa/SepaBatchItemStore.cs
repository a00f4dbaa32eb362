using Dapper;
using Npgsql;
using PaymentRecon.Data.Reconciliation;

namespace PaymentRecon.Data.Sepa;

/// <summary>
/// Batch credits of own direct debits booked from the submitted pain.008 when the bank sends no
/// details (<c>recon.sepa_batch_item_receipt</c>): the batch entries to try, the pain.008 blocks to
/// compare them with, the items booked, and the camt.054 items that arrive for them later. Works on
/// the caller's connection and transaction.
/// </summary>
public sealed class SepaBatchItemStore
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    public SepaBatchItemStore(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>
    /// Batch credits still waiting for their details (see <c>recon.collective_entry_waiting</c>):
    /// those without a decision, and those an earlier run held as Verwahrgeld (<paramref name="heldRule"/>).
    /// </summary>
    public async Task<IReadOnlyList<SepaBatchCandidate>> CandidatesAsync(string heldRule, CancellationToken cancellationToken) =>
        [.. await _connection.QueryAsync<SepaBatchCandidate>(new CommandDefinition(
            """
            SELECT w.entry_id AS EntryId, w.amount AS Amount, w.currency::text AS Currency, e.reversal AS Reversal, e.gvc AS Gvc,
                   e.btc_family AS BtcFamily, s.account_iban AS AccountIban, w.batch_pmt_inf_id AS PaymentInformationId, w.batch_tx_count AS BatchCount,
                   concat_ws(' ', e.additional_entry_info,
                       (SELECT string_agg(array_to_string(t.remittance_lines, ' '), ' ' ORDER BY t.tx_index)
                        FROM recon.entry_transaction t WHERE t.statement_id = e.statement_id AND t.entry_index = e.entry_index)) AS Text,
                   k.id AS KlaerfallId, k.betrag AS Held,
                   coalesce((SELECT max(d.seq) + 1 FROM recon.decision d WHERE d.receipt_id = w.entry_id << 20), 1) AS NextSeq
            FROM recon.collective_entry_waiting w
            JOIN recon.entry e ON e.id = w.entry_id
            JOIN recon.statement s ON s.id = w.statement_id
            LEFT JOIN recon.klaerfall k ON k.receipt_id = w.entry_id << 20 AND k.status = 'offen' AND k.rule = @heldRule
            WHERE w.amount > 0
              AND (k.id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM recon.decision d WHERE d.receipt_id = w.entry_id << 20))
            ORDER BY w.entry_id
            """,
            new { heldRule }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)];

    /// <summary>Those of <paramref name="words"/> that are the PmtInfId of a submitted block (for a PmtInfId written in the text).</summary>
    public async Task<IReadOnlyList<string>> KnownPaymentInformationIdsAsync(string[] words, CancellationToken cancellationToken) =>
        words.Length == 0
            ? []
            : [.. await _connection.QueryAsync<string>(new CommandDefinition(
                "SELECT DISTINCT pmt_inf_id FROM recon.sepa_payment_information WHERE pmt_inf_id = ANY(@words) ORDER BY pmt_inf_id",
                new { words }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)];

    /// <summary>The blocks with this PmtInfId (several when a PmtInfId was reused), with their totals and rejections (pain.002).</summary>
    public async Task<IReadOnlyList<SepaBatchBlock>> BlocksAsync(string paymentInformationId, CancellationToken cancellationToken) =>
        [.. await _connection.QueryAsync<SepaBatchBlock>(new CommandDefinition(
            """
            SELECT pi.id AS Id, m.msg_id AS MessageId, m.file_name AS FileName, pi.pmt_inf_id AS PaymentInformationId, pi.creditor_iban AS CreditorIban,
                   count(*) AS CollectionCount, sum(c.amount) AS TotalAmount,
                   count(*) FILTER (WHERE rj.status IS NOT NULL) AS RejectedCount, coalesce(sum(c.amount) FILTER (WHERE rj.status IS NOT NULL), 0) AS RejectedAmount,
                   (SELECT min(x.entry_id) FROM recon.sepa_batch_item_receipt x WHERE x.payment_information_id = pi.id) AS BookedWithEntryId
            FROM recon.sepa_payment_information pi
            JOIN recon.sepa_collection_message m ON m.id = pi.message_id
            JOIN recon.sepa_collection c ON c.payment_information_id = pi.id
            """ + SepaQueries.Rejection + """
             WHERE pi.pmt_inf_id = @paymentInformationId
             GROUP BY pi.id, m.msg_id, m.file_name
             ORDER BY pi.requested_collection_date DESC, pi.id DESC
            """,
            new { paymentInformationId }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)];

    /// <summary>Records that <paramref name="entryId"/> was booked from the block, one row per collection credited.</summary>
    public async Task RecordAsync(long entryId, long blockId, IReadOnlyList<(long ReceiptKey, long CollectionId)> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        await _connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO recon.sepa_batch_item_receipt (receipt_key, entry_id, payment_information_id, collection_id)
            SELECT k, @entryId, @blockId, c FROM unnest(@keys, @collections) AS x(k, c)
            """,
            new { entryId, blockId, keys = items.Select(i => i.ReceiptKey).ToArray(), collections = items.Select(i => i.CollectionId).ToArray() },
            _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The items booked from a pain.008 on these entries (none for an entry that was not), in key order.</summary>
    public async Task<IReadOnlyList<SepaBatchItem>> ItemsOfEntriesAsync(long[] entryIds, CancellationToken cancellationToken) =>
        entryIds.Length == 0
            ? []
            : [.. await _connection.QueryAsync<SepaBatchItem>(new CommandDefinition(
                """
                SELECT x.receipt_key AS ReceiptKey, x.entry_id AS EntryId, c.id AS CollectionId, c.end_to_end_id AS EndToEndId, c.amount AS Amount,
                       pi.pmt_inf_id AS PaymentInformationId, m.file_name AS FileName
                FROM recon.sepa_batch_item_receipt x
                JOIN recon.sepa_collection c ON c.id = x.collection_id
                JOIN recon.sepa_payment_information pi ON pi.id = x.payment_information_id
                JOIN recon.sepa_collection_message m ON m.id = pi.message_id
                WHERE x.entry_id = ANY(@entryIds)
                ORDER BY x.receipt_key
                """,
                new { entryIds }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)];

    /// <summary>Every item of the camt.054 linked consistently to each of these entries, in the order of the notification.</summary>
    public async Task<IReadOnlyList<SepaNotificationItem>> NotificationItemsAsync(long[] entryIds, CancellationToken cancellationToken) =>
        entryIds.Length == 0
            ? []
            : [.. await _connection.QueryAsync<SepaNotificationItem>(new CommandDefinition(
                """
                SELECT l.batch_entry_id AS EntryId, (l.batch_entry_id << 20) | (t.tx_index + 1) AS ReceiptKey, t.end_to_end_id AS EndToEndId, t.amount AS Amount,
                       n.statement_id AS NotificationStatementId, ns.message_id AS NotificationMessageId, b.statement_id AS BatchStatementId, b.account_key AS AccountKey
                FROM recon.batch_detail_link l
                JOIN recon.entry b ON b.id = l.batch_entry_id
                JOIN recon.entry n ON n.id = l.notification_entry_id
                JOIN recon.statement ns ON ns.id = n.statement_id
                JOIN recon.entry_transaction t ON t.statement_id = n.statement_id AND t.entry_index = n.entry_index
                WHERE l.batch_entry_id = ANY(@entryIds) AND l.items_consistent
                ORDER BY l.batch_entry_id, t.tx_index
                """,
                new { entryIds }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)];

    /// <summary>
    /// The collections behind these receipt keys as receipts (keys that are no pain.008 item are
    /// left out): for their Klärfälle to be tried again or assigned by hand.
    /// </summary>
    public async Task<IReadOnlyList<ReceiptRow>> ItemReceiptsAsync(long[] keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Length == 0)
        {
            return [];
        }

        var found = (await _connection.QueryAsync<(long ReceiptKey, long EntryId, long CollectionId)>(new CommandDefinition(
            "SELECT receipt_key, entry_id, collection_id FROM recon.sepa_batch_item_receipt WHERE receipt_key = ANY(@keys) ORDER BY receipt_key",
            new { keys }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        if (found.Count == 0)
        {
            return [];
        }

        var store = new ReconciliationStore(_connection, _transaction);
        var queries = new SepaQueries(_connection, _transaction);
        var collections = (await queries.CollectionsByIdAsync([.. found.Select(f => f.CollectionId)], cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Id);
        var result = new List<ReceiptRow>(found.Count);
        foreach (var group in found.GroupBy(f => f.EntryId))
        {
            var entry = await store.CollectiveRowAsync(group.Key, cancellationToken).ConfigureAwait(false);
            result.AddRange(group.Select(f => SepaBatchItemReceipt.Row(collections[f.CollectionId], f.ReceiptKey, entry)));
        }

        return result;
    }

    /// <summary>
    /// A warning for the run report (kind <c>batch-detail-mismatch</c>, on the camt.054 imported in
    /// this run, the batch's statement as the other one); once per pair while unresolved. Without
    /// the entry id: the statement import resolves the alerts of an entry whenever it links a
    /// camt.054 ("Einzelposten inzwischen eindeutig zugeordnet"), which is not true of this one.
    /// </summary>
    public async Task<bool> AddAlertAsync(long notificationStatementId, long batchStatementId, string accountKey, string message, CancellationToken cancellationToken) =>
        await _connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO recon.statement_alert (statement_id, previous_statement_id, account_key, kind, message)
            VALUES (@notificationStatementId, @batchStatementId, @accountKey, 'batch-detail-mismatch', @message)
            ON CONFLICT (statement_id, kind, coalesce(previous_statement_id, -1), coalesce(entry_id, -1)) WHERE resolved_at IS NULL DO NOTHING
            """,
            new { notificationStatementId, batchStatementId, accountKey, message }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
}
