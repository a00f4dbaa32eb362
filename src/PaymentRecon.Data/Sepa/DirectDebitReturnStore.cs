using Dapper;
using Npgsql;

namespace PaymentRecon.Data.Sepa;

/// <summary>
/// The Soll positions a Rücklastschrift of an own direct debit reopened (<c>recon.direct_debit_return</c>):
/// written by the reconciliation, read by the run report and the Klärfälle pages.
/// </summary>
public sealed class DirectDebitReturnStore
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction? _transaction;

    public DirectDebitReturnStore(NpgsqlConnection connection, NpgsqlTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>Adds the flags; a flag already stored for the same return and position is kept as it is.</summary>
    public async Task AddAsync(IReadOnlyList<DirectDebitReturn> returns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(returns);
        foreach (var r in returns)
        {
            await _connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO recon.direct_debit_return (return_receipt_id, original_receipt_id, soll_id, kassenzeichen, verfahren, anordnungs_nr, betrag, charges,
                    return_reason, end_to_end_id, mandate_id, collection_id, booking_date, run_id)
                VALUES (@ReturnReceiptId, @OriginalReceiptId, @SollId, @Kassenzeichen, @Verfahren, @AnordnungsNr, @Betrag, @Charges,
                    @ReturnReason, @EndToEndId, @MandateId, @CollectionId, @BookingDate, @RunId)
                ON CONFLICT (return_receipt_id, soll_id) DO NOTHING
                """,
                r, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>The flags written by one run, in booking order.</summary>
    public async Task<IReadOnlyList<DirectDebitReturn>> OfRunAsync(long runId, CancellationToken cancellationToken) =>
        [.. await _connection.QueryAsync<DirectDebitReturn>(new CommandDefinition(
            Select + " WHERE run_id = @runId ORDER BY booking_date, id", new { runId }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)];

    /// <summary>Every flag still to be decided (status <c>offen</c>), oldest first: for the Klärfälle pages.</summary>
    public async Task<IReadOnlyList<DirectDebitReturn>> OpenAsync(CancellationToken cancellationToken) =>
        [.. await _connection.QueryAsync<DirectDebitReturn>(new CommandDefinition(
            Select + " WHERE status = 'offen' ORDER BY booking_date, id", transaction: _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)];

    /// <summary>The statuses the cash office moves an open flag to: reminder sent, collected again, nothing more to do.</summary>
    public static IReadOnlyList<string> Decisions { get; } = ["mahnung", "neuer_einzug", "erledigt"];

    /// <summary>
    /// Records what the cash office did about an open flag (<see cref="Decisions"/>), with who and
    /// when. False when the flag is unknown or no longer open (decided meanwhile).
    /// </summary>
    public async Task<bool> DecideAsync(long id, string status, string user, CancellationToken cancellationToken)
    {
        if (!Decisions.Contains(status, StringComparer.Ordinal))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Not a decision on a direct debit return.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        return await _connection.ExecuteAsync(new CommandDefinition(
            "UPDATE recon.direct_debit_return SET status = @status, status_by = @user, status_at = now() WHERE id = @id AND status = 'offen'",
            new { id, status, user }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    private const string Select =
        """
        SELECT return_receipt_id AS ReturnReceiptId, original_receipt_id AS OriginalReceiptId, soll_id AS SollId, kassenzeichen AS Kassenzeichen,
               verfahren AS Verfahren, anordnungs_nr AS AnordnungsNr, betrag AS Betrag, charges AS Charges, return_reason AS ReturnReason,
               end_to_end_id AS EndToEndId, mandate_id AS MandateId, collection_id AS CollectionId, booking_date AS BookingDate, run_id AS RunId,
               status AS Status, id AS Id
        FROM recon.direct_debit_return
        """;
}
