using Dapper;
using Npgsql;

namespace PaymentRecon.Data.Providers;

/// <summary>
/// What the linking of provider payouts to bank entries reads. Works on the caller's connection
/// and transaction, so the linking can read and write in one unit.
/// </summary>
public sealed class ProviderQueries
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction? _transaction;

    public ProviderQueries(NpgsqlConnection connection, NpgsqlTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>Payouts with this id (a payout id found in a remittance text), of any profile unless one is given.</summary>
    public async Task<IReadOnlyList<ProviderPayout>> ByPayoutIdAsync(string payoutId, string? profile, CancellationToken cancellationToken) =>
        [.. await _connection.QueryAsync<ProviderPayout>(new CommandDefinition(
            PayoutSelect + " WHERE p.payout_id = @payoutId AND (@profile::text IS NULL OR p.profile = @profile) GROUP BY p.id ORDER BY p.id",
            new { payoutId, profile }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)];

    /// <summary>
    /// Payouts not linked to a bank entry yet. With <paramref name="lastPaymentBefore"/>, only those
    /// whose newest line is older: the ones to report as "Auszahlung nicht eingegangen".
    /// </summary>
    public async Task<IReadOnlyList<ProviderPayout>> ReportsAwaitingPayoutAsync(DateOnly? lastPaymentBefore, CancellationToken cancellationToken) =>
        [.. await _connection.QueryAsync<ProviderPayout>(new CommandDefinition(
            PayoutSelect + """
             WHERE p.linked_entry_id IS NULL
             GROUP BY p.id
             HAVING @before::date IS NULL OR coalesce(max(l.payment_date), p.announced_on) < @before
             ORDER BY p.id
            """,
            new { before = lastPaymentBefore }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)];

    /// <summary>Unlinked payouts whose expected bank amount is <paramref name="amount"/> and that were paid out (or last paid into) within the dates.</summary>
    public async Task<IReadOnlyList<ProviderPayout>> AwaitingWithAmountAsync(decimal amount, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        [.. (await ReportsAwaitingPayoutAsync(null, cancellationToken).ConfigureAwait(false))
            .Where(p => p.ExpectedBankAmount == amount && (p.AnnouncedOn ?? p.LastPaymentDate) is { } date && date >= from && date <= to)];

    /// <summary>The lines a payout pays (transactions and its payout row), in report order: what the booking books.</summary>
    public async Task<IReadOnlyList<ProviderLine>> LinesOfPayoutAsync(string profile, string payoutId, CancellationToken cancellationToken) =>
        [.. await _connection.QueryAsync<ProviderLine>(new CommandDefinition(
            LineSelect + " WHERE profile = @profile AND payout_id = @payoutId ORDER BY report_id, line_number",
            new { profile, payoutId }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)];

    /// <summary>Transaction lines no payout names yet (paid to the provider, not yet paid out), oldest first.</summary>
    public async Task<IReadOnlyList<ProviderLine>> LinesWithoutPayoutAsync(DateOnly? paymentBefore, CancellationToken cancellationToken) =>
        [.. await _connection.QueryAsync<ProviderLine>(new CommandDefinition(
            LineSelect + " WHERE payout_id IS NULL AND kind = 'transaction' AND (@before::date IS NULL OR payment_date < @before) ORDER BY payment_date, id",
            new { before = paymentBefore }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)];

    /// <summary>A provider that pays gross and debits fees separately: lines are found by transaction id.</summary>
    public async Task<ProviderLine?> ByTransactionIdAsync(string profile, string transactionId, CancellationToken cancellationToken) =>
        await _connection.QuerySingleOrDefaultAsync<ProviderLine>(new CommandDefinition(
            LineSelect + " WHERE profile = @profile AND transaction_id = @transactionId",
            new { profile, transactionId }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

    private const string PayoutSelect =
        """
        SELECT p.id AS Id, p.profile AS Profile, p.payout_id AS PayoutId, p.announced_amount AS AnnouncedAmount, p.announced_on AS AnnouncedOn,
               count(l.id) FILTER (WHERE l.kind = 'transaction') AS LineCount,
               coalesce(sum(l.gross) FILTER (WHERE l.kind = 'transaction'), 0) AS LinesGross,
               coalesce(sum(l.fee) FILTER (WHERE l.kind = 'transaction'), 0) AS LinesFee,
               coalesce(sum(l.net) FILTER (WHERE l.kind = 'transaction'), 0) AS LinesNet,
               min(l.currency::text) AS Currency,
               min(l.payment_date) FILTER (WHERE l.kind = 'transaction') AS FirstPaymentDate,
               max(l.payment_date) FILTER (WHERE l.kind = 'transaction') AS LastPaymentDate,
               p.linked_entry_id AS LinkedEntryId, p.linked_at AS LinkedAt
        FROM recon.provider_payout p
        LEFT JOIN recon.provider_line l ON l.profile = p.profile AND l.payout_id = p.payout_id
        """;

    private const string LineSelect =
        """
        SELECT id AS Id, report_id AS ReportId, profile AS Profile, line_number AS LineNumber, kind AS Kind, transaction_id AS TransactionId,
               reference AS Reference, gross AS Gross, fee AS Fee, net AS Net, currency::text AS Currency, payment_date AS PaymentDate,
               payout_id AS PayoutId, status AS Status, type AS Type
        FROM recon.provider_line
        """;
}
