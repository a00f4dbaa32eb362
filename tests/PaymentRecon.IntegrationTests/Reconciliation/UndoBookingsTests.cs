using Dapper;
using PaymentRecon.IntegrationTests.Infrastructure;
using PaymentRecon.Data.Reconciliation;
using PaymentRecon.Matching;

namespace PaymentRecon.IntegrationTests.Reconciliation;

/// <summary>
/// A night with returns or reversals reads only the earlier booking lines their keys can name
/// (<see cref="ReconciliationStore.UndoBookingsAsync"/>), and decides exactly as with every line
/// ever written.
/// </summary>
public sealed class UndoBookingsTests
{
    [Fact]
    public async Task Are_the_lines_of_receipts_a_key_names_those_undoing_them_and_the_payer_lines_the_suggestions_read()
    {
        await using var dataSource = Data.Database.CreateDataSource(await TestDatabase.CreateAsync());
        await using var connection = await dataSource.OpenConnectionAsync();
        // receipt, line, Satzart, amount, Kassenzeichen, EndToEndId, AcctSvcrRef, mandate, reverses, payer IBAN
        await connection.ExecuteAsync(
            """
            INSERT INTO recon.soll (verfahren, anordnungs_nr, kassenzeichen, betrag, faellig, schuldner, haushaltsstelle, content_hash, import_file_id, line_number, open_amount)
            VALUES ('V', 'A1', 'K1', 50.00, '2026-11-01', 'S', 'H', sha256('1'), 0, 1, 0),
                   ('V', 'A7', 'K7', 70.00, '2026-11-01', 'S', 'H', sha256('7'), 0, 7, 20.00),
                   ('V', 'A8', 'K8', 80.00, '2026-11-01', 'S', 'H', sha256('8'), 0, 8, 0);
            INSERT INTO recon.booking (receipt_id, decision_seq, entry_id, statement_id, satzart, buchungsdatum, valuta, betrag, waehrung,
                                       kassenzeichen, end_to_end_id, acct_svcr_ref, mandate_id, reverses_receipt_id, payer_iban, zuordnung, regel)
            SELECT r, 1, r, 1, satzart, '2026-11-02', '2026-11-02', betrag, 'EUR', kz, e2e, ref, mandate, reverses, iban, 'AUTO', 'TEST'
            FROM (VALUES
                (1, 'IST', 40.00, 'K1', 'E-1', NULL, NULL, NULL::bigint, 'DE02120300000000202051'),
                (1, 'VWG', 10.00, NULL, 'E-1', NULL, NULL, NULL, 'DE02120300000000202051'),
                (2, 'VWG', 20.00, NULL, NULL, 'REF-2', NULL, NULL, NULL),
                (3, 'IST', 30.00, 'K3', NULL, NULL, 'M-3', NULL, NULL),
                (4, 'IST', 40.00, 'K4', NULL, NULL, NULL, NULL, NULL),
                (5, 'IST', -40.00, 'K1', 'E-5', NULL, NULL, 1, NULL),
                (6, 'IST', 10.00, 'K1', NULL, NULL, NULL, NULL, 'DE02500105170137075030'),
                (7, 'IST', 50.00, 'K7', NULL, NULL, NULL, NULL, 'DE02500105170137075030'),
                (8, 'IST', 80.00, 'K8', NULL, NULL, NULL, NULL, 'DE02500105170137075030'),
                (9, 'IST', 10.00, 'K1', NULL, NULL, NULL, NULL, NULL),
                (10, 'IST', 15.00, 'K7', 'E-10', NULL, NULL, NULL, NULL)) AS l(r, satzart, betrag, kz, e2e, ref, mandate, reverses, iban);
            """);
        await using var transaction = await connection.BeginTransactionAsync();
        var store = new ReconciliationStore(connection, transaction);

        var lines = await store.UndoBookingsAsync(new UndoKeys(["E-1", "E-99"], ["REF-2"], ["M-3"], ["K4"]), CancellationToken.None);

        // 1, 2, 3, 4 by their keys (1 with both lines); 5 undid 1; 6 pays K1, which undoing 1 opens
        // again; 7 pays K7, open. Not 8 (K8 closed, on no receipt a key names), not 9 (on K1, but
        // without a payer IBAN), not 10 (its key is not asked for; on K7, but without a payer IBAN).
        lines.Select(l => (l.ReceiptId, l.Satzart.ToString())).Should().Equal(
            (1L, "Ist"), (1L, "Vwg"), (2L, "Vwg"), (3L, "Ist"), (4L, "Ist"), (5L, "Ist"), (6L, "Ist"), (7L, "Ist"));
        (await store.UndoBookingsAsync(UndoKeys.None, CancellationToken.None)).Select(l => l.ReceiptId).Should().Equal(7L);
    }

    /// <summary>
    /// After real runs of both demo days, the day-2 return and reversal are undecided again (the
    /// Soll they opened closed again) and matched once with every line and once with the bounded read.
    /// </summary>
    [Fact]
    public async Task Decide_the_returns_and_reversals_as_every_line_ever_written_would()
    {
        using var demo = await DemoRun.AfterBothDaysAsync();
        var dataSource = Data.Database.CreateDataSource(demo.ConnectionString);
        await using (dataSource)
        {
            // As before they were decided: their decisions and lines gone, the Soll they opened
            // again closed (decisions and lines are append-only; a replica session bypasses that).
            await using (var connection = await dataSource.OpenConnectionAsync())
            {
                await connection.ExecuteAsync(
                    """
                    SET session_replication_role = replica;
                    CREATE TEMP TABLE undone AS SELECT DISTINCT receipt_id FROM recon.booking WHERE reverses_receipt_id IS NOT NULL;
                    UPDATE recon.soll s SET open_amount = s.open_amount + u.betrag
                    FROM (SELECT soll_id, sum(betrag) AS betrag FROM recon.booking
                          WHERE receipt_id IN (SELECT receipt_id FROM undone) AND satzart = 'IST' AND soll_id IS NOT NULL GROUP BY soll_id) u
                    WHERE s.id = u.soll_id;
                    DELETE FROM recon.booking WHERE receipt_id IN (SELECT receipt_id FROM undone);
                    DELETE FROM recon.decision WHERE receipt_id IN (SELECT receipt_id FROM undone);
                    RESET session_replication_role;
                    """);
            }

            var undoing = await ReconciliationStore.NewReceiptsThatMayUndoAsync(dataSource, CancellationToken.None);
            undoing.Should().HaveCountGreaterThanOrEqualTo(2, "the second demo day holds a return and a reversal");
            var receipts = undoing.Select(r => r.Receipt).ToList();
            var keys = PaymentMatcher.UndoKeysOf(receipts, MatchingOptions.Default);

            await using var reading = await dataSource.OpenConnectionAsync();
            await using var transaction = await reading.BeginTransactionAsync();
            var store = new ReconciliationStore(reading, transaction);
            var soll = await store.SollAsync(CancellationToken.None);
            var all = await store.PriorBookingsAsync(CancellationToken.None);
            var bounded = await store.UndoBookingsAsync(keys, CancellationToken.None);

            var withAll = PaymentMatcher.Match(receipts, soll, all, MatchingOptions.Default);
            var withBounded = PaymentMatcher.Match(receipts, soll, bounded, MatchingOptions.Default);

            bounded.Count.Should().BeLessThan(all.Count / 4, "only the lines the keys name, and the payers' on open Kassenzeichen");
            bounded.Should().BeSubsetOf(all);
            withAll.Decisions.Where(d => d.OriginalReceiptId is not null).Should().HaveCountGreaterThanOrEqualTo(2, "the originals are found");
            withBounded.Decisions.Should().BeEquivalentTo(withAll.Decisions, o => o.WithStrictOrdering());
            withBounded.OpenAmounts.Should().BeEquivalentTo(withAll.OpenAmounts);
        }
    }
}
