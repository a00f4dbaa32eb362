using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace PaymentRecon.Data.Statements;

/// <content>camt.054 details ↔ camt.053 collective entries, and camt.052 entries superseded by camt.053 entries.</content>
public sealed partial class StatementImporter
{
    // Candidates: an unlinked camt.053 collective entry awaiting details and an unlinked camt.054
    // entry of the same account whose message id is named by AddtlInfInd/MsgId, or that carries the
    // same Btch/PmtInfId. A pair fits when signed amount and (where both have one) booking date
    // agree; it is linked only when it is the one fitting pair for both sides, so the order in which
    // the files arrive does not matter and nothing is linked by guesswork.
    private const string Candidates =
        """
        CREATE TEMP TABLE IF NOT EXISTS link_candidate (batch_id bigint, note_id bigint, note_statement_id bigint, batch_statement_id bigint,
                                                       linked_by text, fits boolean) ON COMMIT DROP;
        TRUNCATE link_candidate;
        INSERT INTO link_candidate
        SELECT b.id, n.id, n.statement_id, b.statement_id,
               CASE WHEN b.addtl_info_msg_id IS NOT NULL AND b.addtl_info_msg_id = ns.message_id THEN 'AddtlInfInd/MsgId' ELSE 'Btch/PmtInfId' END,
               b.amount = n.amount AND b.currency = n.currency
                   AND (b.booking_date IS NULL OR n.booking_date IS NULL OR b.booking_date = n.booking_date)
        FROM recon.entry b
        JOIN recon.entry n ON n.account_key = b.account_key AND n.message_type = 54
        JOIN recon.statement ns ON ns.id = n.statement_id
        WHERE b.account_key = ANY(@accounts) AND b.message_type = 53 AND b.detail_state = 'awaiting'
          AND NOT EXISTS (SELECT 1 FROM recon.batch_detail_link l WHERE l.batch_entry_id = b.id)
          AND NOT EXISTS (SELECT 1 FROM recon.batch_detail_link l WHERE l.notification_entry_id = n.id)
          AND ((b.addtl_info_msg_id IS NOT NULL AND b.addtl_info_msg_id = ns.message_id)
               OR (b.batch_pmt_inf_id IS NOT NULL AND b.batch_pmt_inf_id = n.batch_pmt_inf_id));
        """;

    private const string InsertLinks =
        """
        INSERT INTO recon.batch_detail_link (batch_entry_id, notification_entry_id, linked_by, items_consistent, item_count, item_sum)
        SELECT c.batch_id, c.note_id, c.linked_by,
               items.n > 0 AND items.with_amount = items.n AND items.total = b.amount AND items.currencies_ok
                   AND (b.batch_tx_count IS NULL OR b.batch_tx_count = items.n),
               items.n, items.total
        FROM link_candidate c
        JOIN recon.entry b ON b.id = c.batch_id
        JOIN recon.entry n ON n.id = c.note_id
        CROSS JOIN LATERAL (
            SELECT count(*)::integer AS n, count(t.amount)::integer AS with_amount, sum(t.amount) AS total,
                   bool_and(t.currency IS NULL OR t.currency = b.currency) IS NOT FALSE AS currencies_ok
            FROM recon.entry_transaction t WHERE t.statement_id = n.statement_id AND t.entry_index = n.entry_index) items
        WHERE c.fits
          AND (SELECT count(*) FROM link_candidate o WHERE o.fits AND o.batch_id = c.batch_id) = 1
          AND (SELECT count(*) FROM link_candidate o WHERE o.fits AND o.note_id = c.note_id) = 1
        """;

    // Candidates left over name a camt.054 that does not fit (or fits more than one way): that is
    // reported, the collective entry keeps waiting.
    private const string Unlinked =
        """
        SELECT c.batch_id AS BatchEntryId, c.batch_statement_id AS BatchStatementId, c.note_statement_id AS NoteStatementId,
               b.account_key AS AccountKey, b.amount AS BatchAmount, n.amount AS NoteAmount, b.booking_date AS BatchBookingDate,
               n.booking_date AS NoteBookingDate, bs.stmt_id AS BatchStmtId, ns.message_id AS NoteMessageId, c.fits AS Fits
        FROM link_candidate c
        JOIN recon.entry b ON b.id = c.batch_id
        JOIN recon.entry n ON n.id = c.note_id
        JOIN recon.statement bs ON bs.id = c.batch_statement_id
        JOIN recon.statement ns ON ns.id = c.note_statement_id
        WHERE NOT EXISTS (SELECT 1 FROM recon.batch_detail_link l WHERE l.batch_entry_id = c.batch_id)
        ORDER BY c.batch_id, c.note_id
        """;

    private const string ResolveLinkedAlerts =
        """
        UPDATE recon.statement_alert a SET resolved_at = now(), resolved_note = 'Einzelposten inzwischen eindeutig zugeordnet.'
        FROM recon.batch_detail_link l
        WHERE a.kind = 'batch-detail-mismatch' AND a.resolved_at IS NULL AND a.entry_id = l.batch_entry_id
        """;

    // camt.052 entries repeat as camt.053 entries: same account and identity (AcctSvcrRef, else
    // content) and occurrence.
    private const string Supersede =
        """
        UPDATE recon.entry p SET superseded_by = b.id
        FROM recon.entry b
        WHERE p.account_key = ANY(@accounts) AND p.message_type = 52 AND p.superseded_by IS NULL
          AND b.account_key = p.account_key AND b.message_type = 53 AND b.identity_key = p.identity_key AND b.occurrence = p.occurrence
        """;

    private async Task<(int Linked, int Alerts)> LinkBatchDetailsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] accounts, CancellationToken cancellationToken)
    {
        if (accounts.Length == 0)
        {
            return (0, 0);
        }

        await connection.ExecuteAsync(new CommandDefinition(Candidates, new { accounts }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var linked = await connection.ExecuteAsync(new CommandDefinition(InsertLinks, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (linked > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(ResolveLinkedAlerts, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        var alerts = 0;
        var unlinked = (await connection.QueryAsync<UnlinkedCandidate>(new CommandDefinition(Unlinked, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        foreach (var group in unlinked.GroupBy(u => u.BatchEntryId))
        {
            var first = group.First();
            var fitting = group.Count(u => u.Fits);
            var message = fitting > 0
                ? string.Create(German, $"Sammelbuchung {Amount(first.BatchAmount)} in Auszug {first.BatchStmtId}: die Einzelposten (camt.054) sind nicht eindeutig zuzuordnen (mehrere Sammelbuchungen oder Einzelposten-Nachrichten passen); die Sammelbuchung wartet weiter.")
                : string.Create(German,
                    $"Sammelbuchung {Amount(first.BatchAmount)} vom {first.BatchBookingDate:dd.MM.yyyy} in Auszug {first.BatchStmtId}: die genannte Einzelposten-Nachricht (camt.054 {first.NoteMessageId}) passt nicht (Betrag {Amount(first.NoteAmount)}, Buchungstag {first.NoteBookingDate:dd.MM.yyyy}); die Sammelbuchung wartet weiter.");
            var rows = await connection.ExecuteAsync(new CommandDefinition(InsertAlert, new
            {
                statementId = first.BatchStatementId,
                previousStatementId = (long?)first.NoteStatementId,
                entryId = (long?)first.BatchEntryId,
                accountKey = first.AccountKey,
                kind = "batch-detail-mismatch",
                message,
            }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (rows > 0)
            {
                alerts += rows;
                LogBatchDetailMismatch(MaskedAccount(first.AccountKey), first.BatchStmtId, first.BatchEntryId);
            }
        }

        return (linked, alerts);
    }

    private static async Task<int> SupersedeProvisionalAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] accounts, CancellationToken cancellationToken) =>
        accounts.Length == 0
            ? 0
            : await connection.ExecuteAsync(new CommandDefinition(Supersede, new { accounts }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

    private sealed record UnlinkedCandidate(
        long BatchEntryId,
        long BatchStatementId,
        long NoteStatementId,
        string AccountKey,
        decimal BatchAmount,
        decimal NoteAmount,
        DateOnly? BatchBookingDate,
        DateOnly? NoteBookingDate,
        string BatchStmtId,
        string NoteMessageId,
        bool Fits);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Collective entry {EntryId} in statement {StatementId} of account {Account}: camt.054 details do not fit")]
    private partial void LogBatchDetailMismatch(string account, string statementId, long entryId);
}
