using Dapper;
using Npgsql;
using PaymentRecon.Receivables;

namespace PaymentRecon.Data.Receivables;

/// <summary>Reads of the Soll for matching.</summary>
public static class ReceivableQueries
{
    // The window sum runs over every row of the Kassenzeichen, Absetzungen with an unapplied part
    // included, so KassenzeichenOpen is the Kassenzeichen's true balance (see 0003_receivables.sql).
    private const string OpenByKassenzeichen = """
        SELECT id, kassenzeichen, verfahren, anordnungs_nr AS anordnungsnr, haushaltsstelle, open_amount AS openamount,
               kassenzeichen_open AS kassenzeichenopen, faellig, schuldner, iban
        FROM (
            SELECT s.*, sum(s.open_amount) OVER (PARTITION BY s.kassenzeichen) AS kassenzeichen_open
            FROM recon.soll s
            WHERE s.kassenzeichen = ANY(@kassenzeichen)
        ) k
        WHERE open_amount > 0
        ORDER BY kassenzeichen, faellig, id
        """;

    private const string Known = """
        SELECT DISTINCT kassenzeichen FROM recon.soll WHERE kassenzeichen = ANY(@kassenzeichen) ORDER BY kassenzeichen
        """;

    /// <summary>
    /// The open Soll positions of the given Kassenzeichen (normalised form), in one query, ordered by
    /// Kassenzeichen, then due date (oldest first, the order payments go to positions), then id.
    /// A Kassenzeichen with nothing open has no rows: use <see cref="KnownKassenzeichenAsync"/> to
    /// tell "paid" from "unknown".
    /// </summary>
    public static async Task<IReadOnlyList<OpenReceivable>> OpenByKassenzeichenAsync(
        NpgsqlConnection connection, IReadOnlyCollection<string> kassenzeichen, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kassenzeichen);
        var rows = await connection.QueryAsync<OpenRow>(new CommandDefinition(
            OpenByKassenzeichen, new { kassenzeichen = kassenzeichen.ToArray() }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new OpenReceivable(
            r.Id, r.Kassenzeichen, r.Verfahren, r.AnordnungsNr, r.Haushaltsstelle, Money.Eur(r.OpenAmount), Money.Eur(r.KassenzeichenOpen),
            r.Faellig, r.Schuldner, r.Iban is null ? null : Iban.Parse(r.Iban)))];
    }

    /// <summary>Which of the given Kassenzeichen have ever been imported (open or not).</summary>
    public static async Task<IReadOnlySet<string>> KnownKassenzeichenAsync(
        NpgsqlConnection connection, IReadOnlyCollection<string> kassenzeichen, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kassenzeichen);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            Known, new { kassenzeichen = kassenzeichen.ToArray() }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToHashSet(StringComparer.Ordinal);
    }

    private sealed record OpenRow(
        long Id,
        string Kassenzeichen,
        string Verfahren,
        string AnordnungsNr,
        string Haushaltsstelle,
        decimal OpenAmount,
        decimal KassenzeichenOpen,
        DateOnly Faellig,
        string Schuldner,
        string? Iban);
}
