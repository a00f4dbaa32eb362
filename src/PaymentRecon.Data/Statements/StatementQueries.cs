using Dapper;
using Npgsql;

namespace PaymentRecon.Data.Statements;

/// <summary>What the run report reads about statements: balance checks, counts and sums, waiting collective entries, alerts.</summary>
public sealed class StatementQueries
{
    private const string StatementColumns =
        """
        SELECT s.id AS Id, s.import_file_id AS ImportFileId, f.file_name AS FileName,
               'camt.0' || s.message_type AS MessageType, s.message_id AS MessageId, s.stmt_id AS StatementId,
               s.electronic_seq AS ElectronicSequenceNumber, s.legal_seq AS LegalSequenceNumber, s.account_key AS AccountKey,
               s.currency::text AS Currency, s.status AS Status, s.copy_duplicate AS CopyDuplicate,
               s.opening_balance AS OpeningBalance, s.closing_balance AS ClosingBalance,
               coalesce(s.balance_check, 'not-possible') AS BalanceCheck, s.balance_difference AS BalanceDifference,
               coalesce(s.balance_explanation, '') AS BalanceExplanation, s.summary_problems AS SummaryProblems,
               coalesce(s.entry_count, 0) AS EntryCount, coalesce(s.credit_sum, 0) AS CreditSum, coalesce(s.debit_sum, 0) AS DebitSum,
               coalesce(s.booked_credit_count, 0) AS BookedCreditCount, coalesce(s.booked_debit_count, 0) AS BookedDebitCount,
               coalesce(s.booked_credit_sum, 0) AS BookedCreditSum, coalesce(s.booked_debit_sum, 0) AS BookedDebitSum,
               coalesce(s.new_entry_count, 0) AS NewEntryCount, coalesce(s.known_entry_count, 0) AS KnownEntryCount
        FROM recon.statement s
        JOIN recon.import_file f ON f.id = s.import_file_id
        """;

    private const string AlertColumns =
        """
        SELECT a.id AS Id, a.statement_id AS StatementRowId, s.stmt_id AS StatementId, a.account_key AS AccountKey, a.kind AS Kind,
               a.message AS Message, a.created_at AS CreatedAt, a.resolved_at AS ResolvedAt, a.resolved_note AS ResolvedNote
        FROM recon.statement_alert a
        JOIN recon.statement s ON s.id = a.statement_id
        """;

    private readonly NpgsqlDataSource _dataSource;

    public StatementQueries(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Statements read from the files of one run, in import order.</summary>
    public async Task<IReadOnlyList<StatementReport>> StatementsOfRunAsync(long runId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync<StatementReport>(new CommandDefinition(
            StatementColumns + " WHERE f.run_id = @runId ORDER BY s.id", new { runId }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
    }

    /// <summary>Statements read from one inbox file, in file order.</summary>
    public async Task<IReadOnlyList<StatementReport>> StatementsOfFileAsync(long importFileId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync<StatementReport>(new CommandDefinition(
            StatementColumns + " WHERE s.import_file_id = @importFileId ORDER BY s.id", new { importFileId }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
    }

    /// <summary>camt.053 collective entries still waiting for their camt.054, oldest first.</summary>
    public async Task<IReadOnlyList<WaitingCollectiveEntry>> WaitingCollectiveEntriesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync<WaitingCollectiveEntry>(new CommandDefinition(
            """
            SELECT entry_id AS EntryId, statement_id AS StatementRowId, stmt_id AS StatementId, account_key AS AccountKey, amount AS Amount,
                   currency::text AS Currency, booking_date AS BookingDate, acct_svcr_ref AS AccountServicerReference,
                   addtl_info_msg_id AS AdditionalInfoMessageId, batch_pmt_inf_id AS PaymentInformationId,
                   batch_tx_count AS NumberOfTransactions, xml_path AS XmlPath
            FROM recon.collective_entry_waiting
            ORDER BY booking_date NULLS LAST, entry_id
            """,
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
    }

    /// <summary>Alerts not resolved yet, oldest first.</summary>
    public async Task<IReadOnlyList<StatementAlert>> OpenAlertsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync<StatementAlert>(new CommandDefinition(
            AlertColumns + " WHERE a.resolved_at IS NULL ORDER BY a.id", cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
    }

    /// <summary>Alerts raised about the statements of one run (resolved or not).</summary>
    public async Task<IReadOnlyList<StatementAlert>> AlertsOfRunAsync(long runId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync<StatementAlert>(new CommandDefinition(
            AlertColumns + " JOIN recon.import_file f ON f.id = s.import_file_id WHERE f.run_id = @runId ORDER BY a.id",
            new { runId }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
    }
}
