using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using PaymentRecon.Booking;
using PaymentRecon.Camt;
using PaymentRecon.Data.Klaerfaelle;
using PaymentRecon.Matching;

namespace PaymentRecon.Data.Reconciliation;

/// <summary>
/// Reads what the matching needs (new receipts, open Soll, earlier bookings, open Klärfälle) and
/// writes what it decided (decisions, booking lines, Klärfälle, open amounts), all inside the
/// caller's transaction: the reconciliation step commits as a whole or not at all.
/// </summary>
public sealed class ReconciliationStore
{
    /// <summary>Rule of the VWG booking that holds a collective entry's total until its camt.054 arrives.</summary>
    public const string CollectiveWaitingRule = "SAMMLER-OFFEN";

    /// <summary>Rule of the negative VWG line that releases it when the items arrive.</summary>
    public const string CollectiveReplacedRule = "SAMMLER-EINZELPOSTEN";

    // Held totals (a collective entry waiting for its items, a provider payout waiting for its
    // report) are released by what they wait for, never assigned by the Kassenzeichen rules.
    private static readonly string[] HeldRules = [CollectiveWaitingRule, MatchRules.ProviderPayoutWaiting];

    // recon.receipt_detail (0017) has each receipt's entry and transaction joined once.
    private const string ReceiptColumns = """
        r.receipt_key, r.entry_id, r.statement_id, s.stmt_id, s.electronic_seq,
        r.amount, r.currency, r.credit_debit, r.reversal, r.booking_date, r.value_date, r.acct_svcr_ref, r.entry_gvc,
        r.additional_entry_info, r.btc_domain, r.btc_family, r.btc_sub_family, r.btc_proprietary, r.btc_issuer, r.charges,
        r.end_to_end_id, r.mandate_id, r.creditor_reference, r.debtor_name, r.debtor_iban, r.creditor_name, r.creditor_iban,
        r.remittance_lines, r.tx_gvc, r.return_reason_code, r.return_reason_proprietary, r.instructed_amount, r.instructed_currency, r.tx_charges,
        r.tx_btc_domain, r.tx_btc_family, r.tx_btc_sub_family, r.tx_btc_proprietary, r.tx_btc_issuer
        FROM recon.receipt_detail r
        JOIN recon.statement s ON s.id = r.statement_id
        """;

    // The matcher's order (PaymentMatcher.Match): booking date, else value date; value date, else
    // booking date; receipt id. A missing date is DateOnly.MinValue there (MapReceipt).
    private const string NewReceiptOrder = """
        coalesce(r.booking_date, r.value_date, date '0001-01-01'), coalesce(r.value_date, r.booking_date, date '0001-01-01'), r.receipt_key
        """;

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    public ReconciliationStore(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    // A server-side cursor read a chunk at a time, so that the client holds one chunk, not a night.
    private async IAsyncEnumerable<IReadOnlyList<ReceiptRow>> ReadNewReceiptsAsync(int chunkSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        // A cursor is planned for its first rows by default (nested loops); all rows are read.
        await _connection.ExecuteAsync(new CommandDefinition(
            $"""
            SET LOCAL cursor_tuple_fraction = 1;
            DECLARE new_receipts NO SCROLL CURSOR FOR
            SELECT {ReceiptColumns}
            WHERE NOT EXISTS (SELECT 1 FROM recon.decision d WHERE d.receipt_id = r.receipt_key)
            ORDER BY {NewReceiptOrder}
            """,
            transaction: _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var chunk = await ReadReceiptsAsync(string.Create(CultureInfo.InvariantCulture, $"FETCH FORWARD {chunkSize} FROM new_receipts"), null, cancellationToken).ConfigureAwait(false);
                if (chunk.Count == 0)
                {
                    break;
                }

                yield return chunk;
                if (chunk.Count < chunkSize)
                {
                    break;
                }
            }
        }
        finally
        {
            await _connection.ExecuteAsync(new CommandDefinition("CLOSE new_receipts", transaction: _transaction, cancellationToken: CancellationToken.None)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Receipts the matching has not decided yet, in the matcher's order (booking date, value date,
    /// id; see <see cref="MatchingSession"/>), <paramref name="chunkSize"/> at a time, read on a
    /// connection of its own so that reading the next chunk can overlap with storing the last one.
    /// Call it while holding what keeps every other writer of decisions out (the run's step lock
    /// and the Klärfall booking lock): its snapshot then sees exactly the receipts the caller's
    /// transaction would, and what the caller stores meanwhile does not change what it returns.
    /// </summary>
    public static async IAsyncEnumerable<IReadOnlyList<ReceiptRow>> NewReceiptsAsync(
        NpgsqlDataSource dataSource, int chunkSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        // The sort of a night's receipts and the hash joins under it fit in memory instead of
        // merging on disk: measured at a million receipts, 13 s instead of 36 s (under load).
        await BulkSettings.ApplyAsync(connection, transaction, 512, cancellationToken).ConfigureAwait(false);
        await foreach (var chunk in new ReconciliationStore(connection, transaction).ReadNewReceiptsAsync(chunkSize, cancellationToken).ConfigureAwait(false))
        {
            yield return chunk;
        }
    }

    /// <summary>
    /// Settings for the rest of the caller's transaction when it decides a whole night: the
    /// statements over a night's rows (the Klärfall worklist trigger, the open-amount update) are
    /// estimated dear enough for JIT compilation, which cost 3 s of the 3.5 s the worklist trigger
    /// took for 6,000 Klärfälle (measured at 100,000 receipts), and their hash joins over every
    /// entry or position spill to disk with the server's default sort memory.
    /// </summary>
    public Task UseBulkSettingsAsync(CancellationToken cancellationToken) =>
        BulkSettings.ApplyAsync(_connection, _transaction, 256, cancellationToken);

    /// <summary>
    /// The receipts not decided yet that may undo another (reversal, return, GVC 108/109/193): a
    /// superset of <see cref="PaymentMatcher.IsUndo"/>, which the matching checks again; a night
    /// has none or a few. Asked on a connection of its own, so that it runs while the caller loads
    /// the Soll; call it under the same locks as <see cref="NewReceiptsAsync"/>, for the same reason.
    /// </summary>
    public static async Task<List<ReceiptRow>> NewReceiptsThatMayUndoAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await BulkSettings.ApplyAsync(connection, transaction, 256, cancellationToken).ConfigureAwait(false);
        // The few entries that carry a sign of undoing (on the entry, or on a transaction of it or
        // of the camt.054 linked to it) first, then only their receipts: a night without any reads
        // two columns of each entry and transaction, instead of joining every receipt ever
        // imported to its details and its decisions (2.9 s at a million).
        return await new ReconciliationStore(connection, transaction).ReadReceiptsAsync(
            $"""
            SELECT {ReceiptColumns}
            WHERE r.entry_id = ANY (ARRAY(
                    SELECT e.id FROM recon.entry e WHERE e.message_type = 53 AND (e.reversal OR e.gvc IN ('108', '109', '193'))
                    UNION
                    SELECT coalesce(l.batch_entry_id, e.id)
                    FROM recon.entry_transaction t
                    JOIN recon.entry e ON e.statement_id = t.statement_id AND e.entry_index = t.entry_index
                    LEFT JOIN recon.batch_detail_link l ON l.notification_entry_id = e.id
                    WHERE t.return_reason_code IS NOT NULL OR t.return_reason_proprietary IS NOT NULL OR t.gvc IN ('108', '109', '193')))
              AND (r.reversal OR r.return_reason_code IS NOT NULL OR r.return_reason_proprietary IS NOT NULL
                   OR r.tx_gvc IN ('108', '109', '193') OR r.entry_gvc IN ('108', '109', '193'))
              AND NOT EXISTS (SELECT 1 FROM recon.decision d WHERE d.receipt_id = r.receipt_key)
            ORDER BY r.receipt_key
            """,
            null,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The receipts behind the given keys (for Klärfälle to try again).</summary>
    public Task<List<ReceiptRow>> ReceiptsAsync(long[] keys, CancellationToken cancellationToken) =>
        // The entry ids as an array too: each branch of the view then finds its entries by the
        // primary key instead of computing the key of every receipt ever imported.
        ReadReceiptsAsync(
            $"""
            SELECT {ReceiptColumns}
            WHERE r.entry_id = ANY (ARRAY(SELECT DISTINCT k >> 20 FROM unnest($1::bigint[]) k)) AND r.receipt_key = ANY($1)
            ORDER BY r.receipt_key
            """,
            keys,
            cancellationToken);

    /// <summary>
    /// Collective entries still waiting for their camt.054 that have no decision yet: their total is
    /// held as Verwahrgeld so the account balances today, and released when the items come.
    /// </summary>
    public async Task<List<ReceiptRow>> WaitingCollectivesAsync(CancellationToken cancellationToken)
    {
        var rows = await _connection.QueryAsync<WaitingRow>(new CommandDefinition(
            """
            SELECT w.entry_id, w.statement_id, w.stmt_id, w.electronic_seq, w.amount, w.currency, w.booking_date, w.value_date,
                   w.acct_svcr_ref, e.additional_entry_info, e.gvc
            FROM recon.collective_entry_waiting w
            JOIN recon.entry e ON e.id = w.entry_id
            WHERE NOT EXISTS (SELECT 1 FROM recon.decision d WHERE d.receipt_id = w.entry_id << 20)
            ORDER BY w.entry_id
            """,
            transaction: _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(ToRow).ToList();
    }

    /// <summary>
    /// Collective totals held as Verwahrgeld whose items have arrived since (consistently): the
    /// total's Klärfall is closed and its VWG released, the items are matched on their own.
    /// </summary>
    public async Task<List<(long KlaerfallId, long ReceiptKey, decimal Amount)>> ReplacedCollectivesAsync(CancellationToken cancellationToken)
    {
        var rows = await _connection.QueryAsync<(long, long, decimal)>(new CommandDefinition(
            """
            SELECT k.id, k.receipt_id, k.betrag
            FROM recon.klaerfall k
            JOIN recon.batch_detail_link l ON l.batch_entry_id = k.entry_id AND l.items_consistent
            WHERE k.status = 'offen' AND k.rule = @rule
            ORDER BY k.id
            """,
            new { rule = CollectiveWaitingRule }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToList();
    }

    /// <summary>A collective entry as a whole (item 0), for the line that releases its held total.</summary>
    public async Task<ReceiptRow> CollectiveRowAsync(long entryId, CancellationToken cancellationToken)
    {
        var w = await _connection.QuerySingleAsync<WaitingRow>(new CommandDefinition(
            """
            SELECT e.id AS entry_id, e.statement_id, s.stmt_id, s.electronic_seq, e.amount, e.currency, e.booking_date, e.value_date,
                   e.acct_svcr_ref, e.additional_entry_info, e.gvc
            FROM recon.entry e JOIN recon.statement s ON s.id = e.statement_id
            WHERE e.id = @entryId
            """,
            new { entryId }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return ToRow(w);
    }

    /// <summary>
    /// Every Soll position (not the Absetzungen), open or already paid, with what is open, packed
    /// (<see cref="SollPositions"/>). Without the debtor's name and IBAN: the matching never reads
    /// them, the suggestions get them for the positions still open after the pass
    /// (<see cref="DebtorsAsync"/>).
    /// </summary>
    public async Task<SollPositions> SollAsync(CancellationToken cancellationToken)
    {
        // Counted first, so that the columns are allocated once, not doubled on the large-object heap.
        var count = await _connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM recon.soll WHERE betrag > 0", transaction: _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var positions = new SollPositions.Builder(checked((int)count));
        // In allocation order ("C": ordinal, as the matcher compares), so that building them needs
        // no sort of a million positions on this side; the builder sorts whatever is not.
        await using var command = new NpgsqlCommand(
            """
            SELECT id, kassenzeichen, verfahren, anordnungs_nr, haushaltsstelle, open_amount, betrag, faellig
            FROM recon.soll WHERE betrag > 0
            ORDER BY kassenzeichen COLLATE "C", faellig, anordnungs_nr COLLATE "C", id
            """,
            _connection,
            _transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            positions.Add(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                Money.Eur(reader.GetDecimal(5)),
                Money.Eur(reader.GetDecimal(6)),
                reader.GetFieldValue<DateOnly>(7));
        }

        return positions.Build();
    }

    /// <summary>Debtor name and IBAN of the given Soll positions, for the suggestions (<see cref="MatchingSession.NameDebtors"/>).</summary>
    public async Task<Dictionary<long, (string Name, string? Iban)>> DebtorsAsync(long[] positionIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(positionIds);
        var result = new Dictionary<long, (string, string?)>(positionIds.Length);
        await using var command = new NpgsqlCommand("SELECT id, schuldner, iban FROM recon.soll WHERE id = ANY($1)", _connection, _transaction);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = positionIds });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result[reader.GetInt64(0)] = (reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }

        return result;
    }

    /// <summary>
    /// Every booking line so far. No pass reads them all any more (<see cref="PayerBookingsAsync"/>,
    /// <see cref="UndoBookingsAsync"/>); the tests check those narrower reads against this one.
    /// </summary>
    public Task<List<PriorBooking>> PriorBookingsAsync(CancellationToken cancellationToken) =>
        ReadPriorBookingsAsync("", "", [], cancellationToken);

    /// <summary>
    /// The booking lines so far that a pass with returns or reversals reads: those of
    /// <see cref="PayerBookingsAsync"/>, and every line of each earlier receipt that carries one of
    /// <paramref name="keys"/> (the keys the undoing receipts look their originals up by, see
    /// <see cref="PaymentMatcher.UndoKeysOf"/>), with the lines that already undid such a receipt
    /// and the payer lines on its Kassenzeichen (an undo opens them again during the pass, and the
    /// suggestions then look at them). Until session 9 this read every line ever written: a
    /// second night of a million payments kept a million of them in memory for a handful of returns.
    /// </summary>
    public Task<List<PriorBooking>> UndoBookingsAsync(UndoKeys keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return ReadPriorBookingsAsync(
            """
            WITH hit AS (
                SELECT DISTINCT receipt_id FROM recon.booking
                WHERE end_to_end_id = ANY($1) OR acct_svcr_ref = ANY($2) OR mandate_id = ANY($3) OR kassenzeichen = ANY($4))
            """,
            """
            WHERE receipt_id IN (SELECT receipt_id FROM hit)
               OR reverses_receipt_id IN (SELECT receipt_id FROM hit)
               OR (satzart = 'IST' AND betrag > 0 AND payer_iban IS NOT NULL
                   AND (kassenzeichen IN (SELECT kassenzeichen FROM recon.soll WHERE betrag > 0 AND open_amount > 0)
                        OR kassenzeichen IN (SELECT h.kassenzeichen FROM recon.booking h WHERE h.receipt_id IN (SELECT receipt_id FROM hit))))
            """,
            [keys.EndToEndIds, keys.ServicerReferences, keys.MandateIds, keys.Kassenzeichen],
            cancellationToken);
    }

    /// <summary>
    /// The booking lines so far that the suggestions read, for a pass in which no receipt undoes
    /// another: positive IST lines with the payer's IBAN on a Kassenzeichen that still has
    /// something open (<see cref="SuggestionRanker"/> uses no others: it names open positions only,
    /// and without returns nothing closed opens again during the pass). After years of nights,
    /// every line ever written would be millions.
    /// </summary>
    public Task<List<PriorBooking>> PayerBookingsAsync(CancellationToken cancellationToken) =>
        ReadPriorBookingsAsync(
            "",
            """
            WHERE satzart = 'IST' AND betrag > 0 AND payer_iban IS NOT NULL
              AND kassenzeichen IN (SELECT kassenzeichen FROM recon.soll WHERE betrag > 0 AND open_amount > 0)
            """,
            [],
            cancellationToken);

    /// <summary>Booking lines in id order: <paramref name="with"/> and <paramref name="where"/> around the columns, <paramref name="parameters"/> as $1, $2, ...</summary>
    private async Task<List<PriorBooking>> ReadPriorBookingsAsync(string with, string where, string[][] parameters, CancellationToken cancellationToken)
    {
        var result = new List<PriorBooking>();
        await using var command = new NpgsqlCommand(
            $"""
            {with}
            SELECT receipt_id, satzart, betrag, waehrung, end_to_end_id, mandate_id, acct_svcr_ref, kassenzeichen, soll_id,
                   anordnungs_nr, verfahren, haushaltsstelle, buchungsdatum, reverses_receipt_id, payer_iban
            FROM recon.booking {where} ORDER BY id
            """,
            _connection,
            _transaction);
        foreach (var values in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = values });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        // Verfahren and Haushaltsstelle repeat on line after line: one string each instead of a copy
        // per line kept for the whole pass (a second night at a million reads a million lines).
        var shared = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Shared(int ordinal)
        {
            var value = Text(reader, ordinal);
            if (value is null)
            {
                return null;
            }

            if (!shared.TryGetValue(value, out var kept))
            {
                shared.Add(value, value);
                kept = value;
            }

            return kept;
        }

        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new PriorBooking(
                reader.GetInt64(0),
                ParseSatzart(reader.GetString(1)),
                new Money(reader.GetDecimal(2), Currency.Parse(reader.GetString(3))),
                Text(reader, 4),
                Text(reader, 5),
                Text(reader, 6),
                Text(reader, 7),
                reader.IsDBNull(8) ? null : reader.GetInt64(8),
                Text(reader, 9),
                Shared(10),
                Shared(11),
                reader.GetFieldValue<DateOnly>(12),
                reader.IsDBNull(13) ? null : reader.GetInt64(13),
                Text(reader, 14)));
        }

        return result;
    }

    /// <summary>Open Klärfälle (not held collective totals or provider payouts) opened before this run, with the next decision number.</summary>
    public async Task<List<(long KlaerfallId, long ReceiptKey, decimal Vwg, int NextSeq)>> OpenKlaerfaelleAsync(long runId, CancellationToken cancellationToken)
    {
        var rows = await _connection.QueryAsync<(long, long, decimal, int)>(new CommandDefinition(
            """
            SELECT k.id, k.receipt_id, k.betrag, (SELECT max(seq) + 1 FROM recon.decision d WHERE d.receipt_id = k.receipt_id)
            FROM recon.klaerfall k
            WHERE k.status = 'offen' AND k.rule <> ALL(@rules) AND k.opened_run_id <> @runId
            ORDER BY k.id
            """,
            new { rules = HeldRules, runId }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToList();
    }

    /// <summary>
    /// Writes decisions, their booking lines and new Klärfälle with binary COPY, closes the Klärfälle
    /// they settle, and stores the new open amounts of the Soll positions booked onto.
    /// </summary>
    /// <param name="runId">Null for a Klärfall booked by staff outside a run (KlaerfallActions).</param>
    public async Task StoreAsync(long? runId, IReadOnlyList<DecisionToStore> decisions, IReadOnlyDictionary<long, Money> openAmounts, CancellationToken cancellationToken)
    {
        await StoreDecisionsAsync(runId, decisions, cancellationToken).ConfigureAwait(false);
        await StoreKlaerfaelleAsync(runId, decisions, cancellationToken).ConfigureAwait(false);
        await UpdateOpenAmountsAsync(openAmounts, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Part of <see cref="StoreAsync"/> that can go chunk by chunk: the decisions, their booking
    /// lines, and the Klärfälle they settle.
    /// </summary>
    public async Task StoreDecisionsAsync(long? runId, IReadOnlyList<DecisionToStore> decisions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        await CopyDecisionsAsync(runId, decisions, cancellationToken).ConfigureAwait(false);
        await CopyBookingsAsync(runId, decisions, cancellationToken).ConfigureAwait(false);

        var closed = decisions.Where(d => d.ClosesKlaerfallId is not null).Select(d => d.ClosesKlaerfallId!.Value).ToArray();
        if (closed.Length > 0)
        {
            await _connection.ExecuteAsync(new CommandDefinition(
                "UPDATE recon.klaerfall SET status = 'zugeordnet', closed_run_id = @runId, betrag = 0, updated_at = now() WHERE id = ANY(@closed)",
                new { runId, closed }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Part of <see cref="StoreAsync"/>: a Klärfall for each decision that opens one, with its
    /// suggestions (so after the whole pass: they look at what is open at its end). The other
    /// decisions are skipped.
    /// </summary>
    public async Task StoreKlaerfaelleAsync(long? runId, IReadOnlyList<DecisionToStore> decisions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        await CopyKlaerfaelleAsync(runId, decisions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Part of <see cref="StoreAsync"/>: the new open amounts of the Soll positions a pass booked onto or reopened.</summary>
    public async Task UpdateOpenAmountsAsync(IReadOnlyDictionary<long, Money> openAmounts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(openAmounts);
        if (openAmounts.Count > 0)
        {
            await WriteOpenAmountsAsync(openAmounts, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteOpenAmountsAsync(IReadOnlyDictionary<long, Money> openAmounts, CancellationToken cancellationToken)
    {
        // In the order of the positions' ids, which is mostly their order in the table: the update
        // then walks the table's pages front to back instead of jumping between them, and the
        // temporary table has no index to build (it gets each position once, from a dictionary).
        // Measured on a kept database of a million positions in random order (a night's payments
        // do not come in the order the Soll were imported), the temporary table with a primary key
        // and the update took 4.8 + 6.1 s of the server; by id and without it 1.0 + 4.1 s.
        var ids = new long[openAmounts.Count];
        var amounts = new decimal[openAmounts.Count];
        var n = 0;
        foreach (var (sollId, amount) in openAmounts)
        {
            ids[n] = sollId;
            amounts[n++] = amount.Amount;
        }

        Array.Sort(ids, amounts);
        await _connection.ExecuteAsync(new CommandDefinition(
            // A step may store more than once per transaction (matching, then Klärfälle tried again).
            """
            CREATE TEMP TABLE IF NOT EXISTS open_amount_update (soll_id bigint NOT NULL, open_amount numeric(15, 2) NOT NULL) ON COMMIT DROP;
            TRUNCATE open_amount_update;
            """,
            transaction: _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await using (var writer = await _connection.BeginBinaryImportAsync("COPY open_amount_update (soll_id, open_amount) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < ids.Length; i++)
            {
                writer.StartRow();
                writer.Write(ids[i], NpgsqlDbType.Bigint);
                writer.Write(amounts[i], NpgsqlDbType.Numeric);
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await _connection.ExecuteAsync(new CommandDefinition(
            "UPDATE recon.soll s SET open_amount = u.open_amount FROM open_amount_update u WHERE s.id = u.soll_id",
            transaction: _transaction, cancellationToken: cancellationToken, commandTimeout: 0)).ConfigureAwait(false);

        // A position reopened by a return or reversal may now absorb an Absetzung that found
        // nothing open before; the allocation is idempotent and reads only unallocated Absetzungen.
        await _connection.ExecuteAsync(new CommandDefinition(
            "SELECT recon.soll_allocate_absetzungen()", transaction: _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private async Task CopyDecisionsAsync(long? runId, IReadOnlyList<DecisionToStore> decisions, CancellationToken cancellationToken)
    {
        // Encoded by hand (BinaryCopyRows), not through NpgsqlBinaryImporter: its per-value
        // binding was most of the client's time for a night's million decisions and lines.
        using var rows = new BinaryCopyRows(1 << 20);
        foreach (var item in decisions)
        {
            var decision = item.Decision;
            rows.StartRow(10);
            rows.Bigint(decision.ReceiptId);
            rows.Integer(item.Seq);
            rows.Bigint(item.Row.EntryId);
            rows.Bigint(runId);
            rows.Text(item.Kind);
            rows.Text(decision.Outcome.ToString());
            rows.Text(decision.Rule);
            rows.TextArray(decision.Reasons);
            rows.Bigint(decision.OriginalReceiptId);
            rows.Text(item.DecidedBy);
        }

        await rows.CopyIntoAsync(
            _connection,
            "COPY recon.decision (receipt_id, seq, entry_id, run_id, kind, outcome, rule, reasons, original_receipt_id, decided_by) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false);
    }

    private async Task CopyBookingsAsync(long? runId, IReadOnlyList<DecisionToStore> decisions, CancellationToken cancellationToken)
    {
        using var rows = new BinaryCopyRows(1 << 21);
        foreach (var item in decisions)
        {
            var receipt = item.Row.Receipt;
            foreach (var line in item.Decision.Bookings)
            {
                rows.StartRow(27);
                rows.Bigint(item.Decision.ReceiptId);
                rows.Integer(item.Seq);
                rows.Bigint(item.Row.EntryId);
                rows.Bigint(item.Row.StatementId);
                rows.Bigint(runId);
                rows.Text(BookingFileWriter.Code(line.Satzart));
                rows.Date(receipt.BookingDate);
                rows.Date(receipt.ValueDate);
                rows.Numeric(line.Amount.Amount);
                rows.Text(line.Amount.Currency.Code);
                rows.Bigint(line.PositionId);
                rows.Text(line.Kassenzeichen);
                rows.Text(line.AnordnungsNr);
                rows.Text(line.Verfahren);
                rows.Text(line.Haushaltsstelle);
                rows.Text(receipt.PayerName);
                rows.Text(receipt.PayerIban);
                rows.Text(item.Row.Verwendungszweck);
                rows.Text(item.Row.Bankreferenz);
                rows.Text(item.Row.Auszug);
                rows.Text(line.Zuordnung == Zuordnung.Manuell ? "MANUELL" : "AUTO");
                rows.Text(line.Rule);
                rows.Text(receipt.EndToEndId);
                rows.Text(receipt.MandateId);
                rows.Text(receipt.AccountServicerReference);
                rows.Text(receipt.PayerIban);
                rows.Bigint(item.Decision.OriginalReceiptId);
            }
        }

        await rows.CopyIntoAsync(
            _connection,
            """
            COPY recon.booking (receipt_id, decision_seq, entry_id, statement_id, run_id, satzart, buchungsdatum, valuta, betrag, waehrung,
                soll_id, kassenzeichen, anordnungs_nr, verfahren, haushaltsstelle, zahlungspflichtiger, iban, verwendungszweck,
                bankreferenz, auszug, zuordnung, regel, end_to_end_id, mandate_id, acct_svcr_ref, payer_iban, reverses_receipt_id)
            FROM STDIN (FORMAT BINARY)
            """,
            cancellationToken).ConfigureAwait(false);
    }

    private async Task CopyKlaerfaelleAsync(long? runId, IReadOnlyList<DecisionToStore> decisions, CancellationToken cancellationToken)
    {
        await using var writer = await _connection.BeginBinaryImportAsync(
            "COPY recon.klaerfall (receipt_id, entry_id, betrag, rule, reasons, suggestions, opened_run_id) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false);
        // Synchronous writes into the COPY buffer: an awaited call per value costs more than the value.
        WriteRows(writer, runId, decisions);

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);

        static void WriteRows(NpgsqlBinaryImporter writer, long? runId, IReadOnlyList<DecisionToStore> decisions)
        {
            using var json = new SuggestionsJson();
            foreach (var item in decisions.Where(d => d.Decision.OpensKlaerfall))
            {
                var decision = item.Decision;
                var vwg = decision.Bookings.Where(b => b.Satzart == Satzart.Vwg).Sum(b => b.Amount.Amount);
                writer.StartRow();
                writer.Write(decision.ReceiptId, NpgsqlDbType.Bigint);
                writer.Write(item.Row.EntryId, NpgsqlDbType.Bigint);
                writer.Write(vwg, NpgsqlDbType.Numeric);
                writer.Write(decision.Rule, NpgsqlDbType.Text);
                writer.Write(decision.Reasons.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                writer.Write(item.StoredSuggestions ?? json.WriteUtf8(decision.Suggestions), NpgsqlDbType.Json);
                writer.WriteNullable(runId, NpgsqlDbType.Bigint);
            }
        }

    }

    private async Task<List<ReceiptRow>> ReadReceiptsAsync(string sql, long[]? keys, CancellationToken cancellationToken)
    {
        var result = new List<ReceiptRow>();
        await using var command = new NpgsqlCommand(sql, _connection, _transaction);
        if (keys is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = keys });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(MapReceipt(reader));
        }

        return result;
    }

    private static ReceiptRow MapReceipt(NpgsqlDataReader r)
    {
        var credit = r.GetString(7) == "CRDT";
        var currency = Currency.Parse(r.GetString(6));
        var lines = r.IsDBNull(27) ? [] : r.GetFieldValue<string[]>(27);
        var endToEndId = Text(r, 20);
        var debtorName = Text(r, 23);
        var debtorIban = Text(r, 24);
        var creditorName = Text(r, 25);
        var creditorIban = Text(r, 26);
        var returnReason = Text(r, 29) ?? Text(r, 30);
        var transactionCode = r.IsDBNull(34) && r.IsDBNull(37)
            ? new BankTransactionCode(Text(r, 14), Text(r, 15), Text(r, 16), Text(r, 17), Text(r, 18))
            : new BankTransactionCode(Text(r, 34), Text(r, 35), Text(r, 36), Text(r, 37), Text(r, 38));
        var charges = Charges(Text(r, 33)) ?? Charges(Text(r, 19));
        var bookingDate = r.IsDBNull(9) ? (r.IsDBNull(10) ? DateOnly.MinValue : r.GetFieldValue<DateOnly>(10)) : r.GetFieldValue<DateOnly>(9);
        var receipt = new Receipt
        {
            Id = r.GetInt64(0),
            Amount = new Money(r.GetDecimal(5), currency),
            BookingDate = bookingDate,
            ValueDate = r.IsDBNull(10) ? bookingDate : r.GetFieldValue<DateOnly>(10),
            RemittanceLines = lines,
            EndToEndId = endToEndId,
            MandateId = Text(r, 21),
            CreditorReference = Text(r, 22),
            // The counterparty: the debtor of a credit, the creditor of a debit; a returned
            // direct debit names the citizen as debtor.
            PayerName = credit ? debtorName ?? creditorName : creditorName ?? debtorName,
            PayerIban = credit ? debtorIban ?? creditorIban : creditorIban ?? debtorIban,
            Gvc = Text(r, 28) ?? Text(r, 12),
            BankTransactionCode = transactionCode,
            IsReturn = returnReason is not null,
            ReturnReason = returnReason,
            InstructedAmount = r.IsDBNull(31) ? null : new Money(r.GetDecimal(31), r.IsDBNull(32) ? currency : Currency.Parse(r.GetString(32))),
            Charges = charges is { } c && c != 0m ? new Money(c, currency) : null,
            IsReversal = r.GetBoolean(8),
            AccountServicerReference = Text(r, 11),
            AdditionalInformation = Text(r, 13),
        };
        var verwendungszweck = RemittanceText.Parse(lines).Joined;
        return new ReceiptRow(
            receipt,
            r.GetInt64(1),
            r.GetInt64(2),
            Auszug(r.GetString(3), r.IsDBNull(4) ? null : r.GetInt64(4)),
            verwendungszweck.Length == 0 ? null : verwendungszweck,
            Text(r, 11) ?? endToEndId);
    }

    private static ReceiptRow ToRow(WaitingRow w) => new(
        new Receipt
        {
            Id = ReceiptKey.Of(w.EntryId, 0),
            Amount = new Money(w.Amount, Currency.Parse(w.Currency)),
            BookingDate = w.BookingDate ?? w.ValueDate ?? DateOnly.MinValue,
            ValueDate = w.ValueDate ?? w.BookingDate ?? DateOnly.MinValue,
            AccountServicerReference = w.AcctSvcrRef,
            AdditionalInformation = w.AdditionalEntryInfo,
            Gvc = w.Gvc,
        },
        w.EntryId,
        w.StatementId,
        Auszug(w.StmtId, w.ElectronicSeq),
        w.AdditionalEntryInfo,
        w.AcctSvcrRef);

    /// <summary>The charges of a jsonb list as one positive amount; null when there is none.</summary>
    private static decimal? Charges(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        var sum = 0m;
        var any = false;
        foreach (var charge in document.RootElement.EnumerateArray())
        {
            sum += Math.Abs(charge.GetProperty("amount").GetDecimal());
            any = true;
        }

        return any ? sum : null;
    }

    public static string Auszug(string statementId, long? electronicSequence) =>
        electronicSequence is { } sequence ? string.Create(CultureInfo.InvariantCulture, $"{statementId}/{sequence}") : statementId;

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static Satzart ParseSatzart(string value) => value switch
    {
        "IST" => Satzart.Ist,
        "VWG" => Satzart.Vwg,
        "GEB" => Satzart.Geb,
        _ => throw new InvalidOperationException($"Unknown Satzart '{value}' in recon.booking."),
    };

    private sealed record WaitingRow(
        long EntryId,
        long StatementId,
        string StmtId,
        long? ElectronicSeq,
        decimal Amount,
        string Currency,
        DateOnly? BookingDate,
        DateOnly? ValueDate,
        string? AcctSvcrRef,
        string? AdditionalEntryInfo,
        string? Gvc);
}
