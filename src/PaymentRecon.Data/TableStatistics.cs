using Dapper;
using Npgsql;

namespace PaymentRecon.Data;

/// <summary>
/// Fresh planner statistics for the tables a step reads in bulk. A night's import adds a million
/// rows minutes before the matching reads them; autovacuum analyzes them only later, and with the
/// statistics of the empty tables the planner picks nested loops (a million index probes) and sorts
/// that spill to disk: measured 16 s instead of a few for the receipts cursor at 1,000,000 entries.
/// </summary>
public static class TableStatistics
{
    /// <summary>What the reconciliation reads: receipts, Soll, decisions and earlier bookings.</summary>
    public static readonly IReadOnlyList<string> ForReconciliation =
    [
        "recon.statement",
        "recon.entry (id, statement_id, entry_index, message_type, status, detail_state, booking_date, value_date)",
        "recon.entry_transaction (statement_id, entry_index, tx_index)",
        "recon.batch_detail_link",
        "recon.soll (id, betrag, open_amount)",
        "recon.decision (receipt_id, seq, entry_id, outcome)",
        "recon.booking (id, receipt_id, entry_id, statement_id)",
        "recon.klaerfall (id, receipt_id, entry_id, status, rule)",
    ];

    /// <summary>What the control sum and the export read: what the reconciliation just wrote.</summary>
    public static readonly IReadOnlyList<string> ForExport =
    [
        "recon.decision (receipt_id, seq, entry_id, outcome)",
        "recon.booking (id, receipt_id, entry_id, statement_id)",
        "recon.export_queue",
    ];

    /// <summary>
    /// ANALYZE, of the columns the plans depend on (joins, filters, sort keys): a sample of 30,000
    /// rows per table, without the cost of statistics for texts nobody filters on. Outside any
    /// transaction, so the new statistics are there for every connection of the step.
    /// </summary>
    public static async Task RefreshAsync(NpgsqlDataSource dataSource, IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(tables);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "ANALYZE " + string.Join(", ", tables), cancellationToken: cancellationToken, commandTimeout: 0)).ConfigureAwait(false);
    }
}
