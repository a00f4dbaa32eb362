using Dapper;
using Npgsql;
using PaymentRecon.Data.Reconciliation;
using PaymentRecon.Matching;

namespace PaymentRecon.Data.Providers;

/// <summary>
/// Writes the link of a provider payout to its bank entry and the receipt keys of its lines, and
/// reads what the reconciliation needs back: payouts held while their report is missing, and line
/// receipts (for Klärfälle of report lines to be tried again). Caller's connection and transaction.
/// </summary>
public sealed class ProviderLinkStore
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    public ProviderLinkStore(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>Payout credits held as Verwahrgeld because their report is missing, with the next decision number.</summary>
    public async Task<IReadOnlyList<(long KlaerfallId, long ReceiptKey, decimal Amount, int NextSeq)>> HeldPayoutsAsync(CancellationToken cancellationToken) =>
        [.. await _connection.QueryAsync<(long, long, decimal, int)>(new CommandDefinition(
            """
            SELECT k.id, k.receipt_id, k.betrag, (SELECT max(seq) + 1 FROM recon.decision d WHERE d.receipt_id = k.receipt_id)
            FROM recon.klaerfall k
            WHERE k.status = 'offen' AND k.rule = @rule
            ORDER BY k.id
            """,
            new { rule = MatchRules.ProviderPayoutWaiting }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)];

    /// <summary>
    /// Payout credits held as Verwahrgeld whose Klärfall staff closed by hand (assigned, kept, refund)
    /// and that are linked to no payout: the money came, so a report for it must not be reported
    /// as missing.
    /// </summary>
    public async Task<IReadOnlyList<long>> SettledHeldPayoutsAsync(CancellationToken cancellationToken) =>
        [.. await _connection.QueryAsync<long>(new CommandDefinition(
            """
            SELECT k.receipt_id
            FROM recon.klaerfall k
            WHERE k.rule = @rule AND k.status <> 'offen'
              AND NOT EXISTS (SELECT 1 FROM recon.provider_payout p WHERE p.linked_entry_id = k.entry_id)
            ORDER BY k.id
            """,
            new { rule = MatchRules.ProviderPayoutWaiting }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)];

    /// <summary>Records that <paramref name="entryId"/> pays the payout, and the receipt key of each of its lines.</summary>
    public async Task LinkAsync(long payoutRowId, long entryId, IReadOnlyList<(long ReceiptKey, long LineId)> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var updated = await _connection.ExecuteAsync(new CommandDefinition(
            "UPDATE recon.provider_payout SET linked_entry_id = @entryId, linked_at = now() WHERE id = @payoutRowId AND linked_entry_id IS NULL",
            new { payoutRowId, entryId }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (updated != 1)
        {
            throw new InvalidOperationException($"Payout {payoutRowId} is already linked to a bank entry.");
        }

        await _connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO recon.provider_line_receipt (receipt_key, provider_line_id, payout_row_id, entry_id)
            SELECT k, l, @payoutRowId, @entryId FROM unnest(@keys, @lineIds) AS x(k, l)
            """,
            new { payoutRowId, entryId, keys = lines.Select(l => l.ReceiptKey).ToArray(), lineIds = lines.Select(l => l.LineId).ToArray() },
            _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The report lines behind these receipt keys as receipts (keys that are no report line are left out).</summary>
    public async Task<IReadOnlyList<ReceiptRow>> LineReceiptsAsync(long[] keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Length == 0)
        {
            return [];
        }

        // Where the line is booked (the bank entry), then the line itself: two records, split at l.id.
        var rows = await _connection.QueryAsync<LinePlace, ProviderLine, (LinePlace Place, ProviderLine Line)>(new CommandDefinition(
            """
            SELECT x.receipt_key AS ReceiptKey, x.entry_id AS EntryId, e.statement_id AS StatementId, s.stmt_id AS StmtId, s.electronic_seq AS ElectronicSeq,
                   coalesce(e.booking_date, e.value_date) AS BookingDate, coalesce(e.value_date, e.booking_date) AS ValueDate, e.acct_svcr_ref AS AcctSvcrRef,
                   l.id AS Id, l.report_id AS ReportId, l.profile AS Profile, l.line_number AS LineNumber, l.kind AS Kind, l.transaction_id AS TransactionId,
                   l.reference AS Reference, l.gross AS Gross, l.fee AS Fee, l.net AS Net, l.currency::text AS Currency, l.payment_date AS PaymentDate,
                   l.payout_id AS PayoutId, l.status AS Status, l.type AS Type
            FROM recon.provider_line_receipt x
            JOIN recon.provider_line l ON l.id = x.provider_line_id
            JOIN recon.entry e ON e.id = x.entry_id
            JOIN recon.statement s ON s.id = e.statement_id
            WHERE x.receipt_key = ANY(@keys)
            ORDER BY x.receipt_key
            """,
            new { keys }, _transaction, cancellationToken: cancellationToken), (place, line) => (place, line), splitOn: "Id").ConfigureAwait(false);
        return [.. rows.Select(r => ProviderLineReceipt.Row(
            r.Line, r.Place.ReceiptKey, r.Place.EntryId, r.Place.StatementId, ReconciliationStore.Auszug(r.Place.StmtId, r.Place.ElectronicSeq),
            r.Place.BookingDate, r.Place.ValueDate, r.Place.AcctSvcrRef))];
    }

    private sealed record LinePlace(
        long ReceiptKey,
        long EntryId,
        long StatementId,
        string StmtId,
        long? ElectronicSeq,
        DateOnly BookingDate,
        DateOnly ValueDate,
        string? AcctSvcrRef);
}
