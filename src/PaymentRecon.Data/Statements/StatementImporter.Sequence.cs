using System.Globalization;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using PaymentRecon.Camt;

namespace PaymentRecon.Data.Statements;

/// <content>Continuity of the camt.053 statements of one account: sequence numbers and balances.</content>
public sealed partial class StatementImporter
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    // Neighbours in the order of ElctrncSeqNb (else LglSeqNb): the closest imported statement before
    // and after this one. Pages of one statement share their numbers and are not neighbours.
    private const string Neighbours =
        """
        WITH me AS (SELECT id, account_key, stmt_id, coalesce(electronic_seq, legal_seq) AS seq,
                           electronic_seq IS NOT NULL AS by_electronic FROM recon.statement WHERE id = @statementId)
        SELECT * FROM (
            (SELECT 'before' AS Side, s.id AS Id, s.stmt_id AS StmtId, s.electronic_seq AS ElectronicSeq, s.legal_seq AS LegalSeq,
                    s.opening_balance AS OpeningBalance, s.closing_balance AS ClosingBalance, s.closing_date AS ClosingDate, s.opening_date AS OpeningDate
             FROM recon.statement s, me
             WHERE s.account_key = me.account_key AND s.message_type = 53 AND s.status = 'imported' AND s.id <> me.id
               AND (CASE WHEN me.by_electronic THEN s.electronic_seq ELSE s.legal_seq END) < me.seq
             ORDER BY (CASE WHEN me.by_electronic THEN s.electronic_seq ELSE s.legal_seq END) DESC, (s.closing_balance IS NULL), s.page_number DESC NULLS LAST, s.id DESC
             LIMIT 1)
            UNION ALL
            (SELECT 'after', s.id, s.stmt_id, s.electronic_seq, s.legal_seq, s.opening_balance, s.closing_balance, s.closing_date, s.opening_date
             FROM recon.statement s, me
             WHERE s.account_key = me.account_key AND s.message_type = 53 AND s.status = 'imported' AND s.id <> me.id
               AND (CASE WHEN me.by_electronic THEN s.electronic_seq ELSE s.legal_seq END) > me.seq
             ORDER BY (CASE WHEN me.by_electronic THEN s.electronic_seq ELSE s.legal_seq END), (s.opening_balance IS NULL), s.page_number NULLS FIRST, s.id
             LIMIT 1)) n
        """;

    private const string InsertAlert =
        """
        INSERT INTO recon.statement_alert (statement_id, previous_statement_id, entry_id, account_key, kind, message)
        VALUES (@statementId, @previousStatementId, @entryId, @accountKey, @kind, @message)
        ON CONFLICT (statement_id, kind, coalesce(previous_statement_id, -1), coalesce(entry_id, -1)) WHERE resolved_at IS NULL DO NOTHING
        """;

    // A statement that arrives late may close the gap that its successor was reported with.
    private const string ResolveSuccessorAlerts =
        """
        UPDATE recon.statement_alert SET resolved_at = now(), resolved_note = @note
        WHERE statement_id = @successorId AND resolved_at IS NULL
          AND kind IN ('sequence-gap', 'legal-sequence-gap', 'balance-discontinuity')
          AND previous_statement_id IS DISTINCT FROM @statementId
        """;

    private async Task<int> CheckSequenceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long statementId, StatementHeader header, string accountKey, CancellationToken cancellationToken)
    {
        if (header.ElectronicSequenceNumber is null && header.LegalSequenceNumber is null)
        {
            return 0;
        }

        var neighbours = (await connection.QueryAsync<Neighbour>(new CommandDefinition(
            Neighbours, new { statementId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        var opening = StatementTotals.OpeningBalance(header);
        var closing = StatementTotals.ClosingBalance(header);
        var me = new Neighbour("me", statementId, header.Id, header.ElectronicSequenceNumber, header.LegalSequenceNumber,
            opening?.Amount.Amount, closing?.Amount.Amount, closing?.Date, opening?.Date);

        var alerts = 0;
        if (neighbours.Find(n => n.Side == "before") is { } before)
        {
            alerts += await ReportDiscontinuitiesAsync(connection, transaction, accountKey, before, me, cancellationToken).ConfigureAwait(false);
        }

        if (neighbours.Find(n => n.Side == "after") is { } after)
        {
            await connection.ExecuteAsync(new CommandDefinition(ResolveSuccessorAlerts, new
            {
                successorId = after.Id,
                statementId,
                note = $"Auszug {header.Id} wurde nachgeliefert; die Prüfung gegen ihn steht in einer neuen Meldung, falls sie nicht aufgeht.",
            }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            alerts += await ReportDiscontinuitiesAsync(connection, transaction, accountKey, me, after, cancellationToken).ConfigureAwait(false);
        }

        return alerts;
    }

    private async Task<int> ReportDiscontinuitiesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string accountKey, Neighbour previous, Neighbour next, CancellationToken cancellationToken)
    {
        var found = new List<(string Kind, string Message)>();
        if (previous.ElectronicSeq is { } pe && next.ElectronicSeq is { } ne && ne != pe + 1)
        {
            found.Add(("sequence-gap", string.Create(German,
                $"Lücke in der elektronischen Auszugsnummer (ElctrncSeqNb): auf Auszug {previous.StmtId} (Nr. {pe}) folgt Auszug {next.StmtId} (Nr. {ne}); {Missing(pe, ne)}.")));
        }

        // LglSeqNb restarts with the year: a smaller number is a new year, not a gap.
        if (previous.LegalSeq is { } pl && next.LegalSeq is { } nl && nl > pl + 1)
        {
            found.Add(("legal-sequence-gap", string.Create(German,
                $"Lücke in der Auszugsnummer (LglSeqNb): auf Auszug {previous.StmtId} (Nr. {pl}) folgt Auszug {next.StmtId} (Nr. {nl}); {Missing(pl, nl)}.")));
        }

        if (previous.ClosingBalance is { } close && next.OpeningBalance is { } open && close != open)
        {
            found.Add(("balance-discontinuity", string.Create(German,
                $"Anfangssaldo von Auszug {next.StmtId} ({Amount(open)}) weicht vom Schlusssaldo des vorigen Auszugs {previous.StmtId} ({Amount(close)}) ab: Differenz {Amount(open - close)}. Fehlt ein Auszug?")));
        }

        var inserted = 0;
        foreach (var (kind, message) in found)
        {
            var rows = await connection.ExecuteAsync(new CommandDefinition(InsertAlert, new
            {
                statementId = next.Id,
                previousStatementId = previous.Id,
                entryId = (long?)null,
                accountKey,
                kind,
                message,
            }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (rows > 0)
            {
                inserted += rows;
                LogStatementAlert(kind, MaskedAccount(accountKey), next.StmtId, previous.StmtId);
            }
        }

        return inserted;
    }

    private static string Missing(long previous, long next) =>
        next <= previous
            ? "die Nummer ist nicht größer als die vorige"
            : next - previous - 1 == 1
                ? string.Create(German, $"es fehlt Nr. {previous + 1}")
                : string.Create(German, $"es fehlen Nr. {previous + 1} bis {next - 1}");

    internal static string Amount(decimal value) => value.ToString("#,##0.00###", German);

    private sealed record Neighbour(
        string Side,
        long Id,
        string StmtId,
        long? ElectronicSeq,
        long? LegalSeq,
        decimal? OpeningBalance,
        decimal? ClosingBalance,
        DateOnly? ClosingDate,
        DateOnly? OpeningDate);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Statement alert {Kind} on account {Account}: statement {StatementId} after {PreviousStatementId}")]
    private partial void LogStatementAlert(string kind, string account, string statementId, string previousStatementId);
}
