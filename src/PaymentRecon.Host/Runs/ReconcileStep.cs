using Npgsql;
using PaymentRecon.Booking;
using PaymentRecon.Data.Klaerfaelle;
using PaymentRecon.Data.Reconciliation;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Matching;

namespace PaymentRecon.Host.Runs;

/// <summary>
/// Matches every receipt not decided yet, holds collective totals whose details are missing as
/// Verwahrgeld (and releases them when the details come), then tries the open Klärfälle of earlier
/// runs again against what is open now. One transaction: all of it or nothing.
/// </summary>
internal sealed partial class ReconcileStep
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PaymentReconOptions _options;
    private readonly ILogger _logger;

    public ReconcileStep(NpgsqlDataSource dataSource, PaymentReconOptions options, ILogger logger)
    {
        _dataSource = dataSource;
        _options = options;
        _logger = logger;
    }

    /// <summary>
    /// The cash office's Kassenzeichen format, plus every format a receivables profile uses (keyed
    /// by profile name), so the finder recognises all numbers the procedures issue.
    /// </summary>
    public MatchingOptions MatchingOptions => new()
    {
        KassenzeichenFormat = _options.Kassenzeichen,
        FormatsByVerfahren = _options.Receivables.ResolveProfiles(_options.Kassenzeichen)
            .Where(p => p.Value.Kassenzeichen is not null && p.Value.Kassenzeichen != _options.Kassenzeichen)
            .ToDictionary(p => p.Key, p => p.Value.Kassenzeichen!, StringComparer.Ordinal),
    };

    /// <summary>Receipts matched and stored at a time: bounds the memory of a night of a million payments.</summary>
    /// <remarks>
    /// Small enough that most of a chunk dies young. With 20,000 (two or three chunks alive at
    /// once: read ahead, decided, being stored) every collection during the pass found 40-60 MB of
    /// receipts still alive and moved them into the old generation, where they died: a full
    /// collection every two or three seconds. At a million payments, in turns with 20,000: 12.8 and
    /// 14.8 s of pauses instead of 15.7 and 17.6 s, peak 981 and 987 MiB instead of 1,009 and
    /// 1,081 MiB, the step 2 to 3 s faster. 4,000 paused only 9-10 s, but the step was no faster:
    /// 250 chunks' planning queries and COPY round trips ate the gain.
    /// </remarks>
    public const int ChunkSize = 10_000;

    public async Task<ReconcileResult> ExecuteAsync(long runId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Never at the same time as a manual approval: one of the two would book a Klärfall or a Soll the other just booked.
        await KlaerfallBookingLock.AcquireAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var store = new ReconciliationStore(connection, transaction);
        await store.UseBulkSettingsAsync(cancellationToken).ConfigureAwait(false);

        // Today's receipts are read on a second connection from now on, a chunk or two ahead:
        // sorted while the Soll are loaded, then fetched and mapped while the chunk before is
        // decided and stored. Its snapshot, taken under the lock above, holds the same new
        // receipts this transaction would see (only this step decides receipts that have no
        // decision yet; the Klärfälle tried again below had one).
        await using var newReceipts = ReadAhead<IReadOnlyList<ReceiptRow>>.Start(
            ReconciliationStore.NewReceiptsAsync(_dataSource, ChunkSize, cancellationToken), 2, cancellationToken);
        // So are those of them that may undo another (it only reads; should this step fail before
        // it is awaited, it ends on its own connection).
        var undoingAsked = ReconciliationStore.NewReceiptsThatMayUndoAsync(_dataSource, cancellationToken);
        var tally = new ReconcileTally();
        var options = MatchingOptions;
        var soll = await store.SollAsync(cancellationToken).ConfigureAwait(false);
        var providers = new ProviderPayoutBooking(connection, transaction, _options.Providers);
        var sepa = new SepaCollectionMatching(connection, transaction);
        var pain008 = new Pain008BatchBooking(connection, transaction, _logger);

        // Klärfälle of earlier runs first: they paid earlier, so newly arrived Soll is theirs before
        // it is today's payments'.
        var retried = new List<DecisionToStore>();
        var open = await store.OpenKlaerfaelleAsync(runId, cancellationToken).ConfigureAwait(false);
        if (open.Count > 0)
        {
            var receipts = (await store.ReceiptsAsync([.. open.Select(k => k.ReceiptKey)], cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Receipt.Id);
            foreach (var line in await providers.LineReceiptsAsync([.. open.Select(k => k.ReceiptKey).Where(k => !receipts.ContainsKey(k))], cancellationToken).ConfigureAwait(false))
            {
                receipts[line.Receipt.Id] = line;
            }

            foreach (var item in await pain008.ItemReceiptsAsync([.. open.Select(k => k.ReceiptKey).Where(k => !receipts.ContainsKey(k))], cancellationToken).ConfigureAwait(false))
            {
                receipts[item.Receipt.Id] = item;
            }

            var klaerfaelle = open.Where(k => receipts.ContainsKey(k.ReceiptKey))
                .Select(k => new OpenKlaerfall(k.KlaerfallId, pain008.ForMatcher(receipts[k.ReceiptKey].Receipt), Money.Eur(k.Vwg)))
                .ToList();
            var retry = PaymentMatcher.Retry(klaerfaelle, soll, options);
            var byReceipt = open.ToDictionary(k => k.ReceiptKey);
            foreach (var decision in retry.Decisions.Where(d => d.Outcome == MatchOutcome.KlaerfallResolved))
            {
                var klaerfall = byReceipt[decision.ReceiptId];
                retried.Add(new DecisionToStore(receipts[decision.ReceiptId], decision, klaerfall.NextSeq, "retry", klaerfall.KlaerfallId));
            }

            await store.StoreAsync(runId, retried, retry.OpenAmounts, cancellationToken).ConfigureAwait(false);
            tally.Add(retried);
            soll = soll.WithOpenAmounts(retry.OpenAmounts);
        }

        // Today's receipts in chunks, in the matcher's order: each chunk's decisions and lines
        // are stored while the next is decided. Only the Klärfälle wait for the end of the pass,
        // because their suggestions look at what is open after it.
        var undoing = await undoingAsked.ConfigureAwait(false);
        var mayUndo = undoing.Count > 0;
        // Returns and reversals look up what they undo among the earlier booking lines by a few
        // keys; only lines carrying those keys are read, besides the lines the suggestions read
        // (every line ever would be a million on a second night of a million payments, and their
        // objects traced by every full collection).
        var undoKeys = PaymentMatcher.UndoKeysOf(undoing.Select(r => r.Receipt), options);
        var prior = mayUndo
            ? await store.UndoBookingsAsync(undoKeys, cancellationToken).ConfigureAwait(false)
            : await store.PayerBookingsAsync(cancellationToken).ConfigureAwait(false);
        // The same keys bound what the pass records of its own decisions for an undo later in it.
        var session = mayUndo
            ? new MatchingSession(soll, prior, options, undoKeys)
            : new MatchingSession(soll, prior, options, recordForUndo: false);
        var opening = new List<DecisionToStore>();
        var planOpening = new List<DecisionToStore>();
        var matchedCount = 0;

        // Chunk k is stored (encoded on a pool thread, copied by the server) while chunk k+1 is
        // decided here: at a million payments deciding took about 12 s and storing 19 s, one after
        // the other. The planning of chunk k+1 (pain.008, providers, SEPA: queries on this
        // connection) comes before chunk k's COPY takes the connection; it reads what the planning
        // of earlier chunks recorded (batches booked from a pain.008, linked payouts), never what
        // storing writes. The matcher's state is only ever touched by the deciding.
        List<DecisionToStore>? decidedChunk = null;

        async Task StoreAsync(List<DecisionToStore> chunk)
        {
            await store.StoreDecisionsAsync(runId, chunk, cancellationToken).ConfigureAwait(false);
            await sepa.StoreReturnsAsync(runId, chunk, cancellationToken).ConfigureAwait(false);
        }

        async Task DecideAsync(IReadOnlyList<ReceiptRow> forMatching, IReadOnlyList<DecisionToStore> planned)
        {
            // Own direct debits get the Kassenzeichen of their pain.008; report lines of linked
            // payouts are receipts of their own (ProviderPayoutBooking).
            var (toMatch, forMatcher) = await sepa.PrepareAsync(forMatching, cancellationToken).ConfigureAwait(false);
            var before = decidedChunk;
            var storing = before is null ? Task.CompletedTask : Task.Run(() => StoreAsync(before), cancellationToken);
            var chunk = new List<DecisionToStore>(toMatch.Count + planned.Count);
            try
            {
                var decided = session.Decide(forMatcher);
                for (var i = 0; i < toMatch.Count; i++)
                {
                    var item = new DecisionToStore(toMatch[i], sepa.Explain(providers.Explain(pain008.Explain(decided[i]))), 1, "initial");
                    if (item.Decision.OpensKlaerfall)
                    {
                        opening.Add(WaitingForSuggestions(item));
                    }

                    chunk.Add(item);
                }
            }
            finally
            {
                // Never leave a COPY running on the connection, whatever happened here.
                await storing.ConfigureAwait(false);
            }

            if (before is not null)
            {
                tally.Add(before);
            }

            chunk.AddRange(planned);
            planOpening.AddRange(planned.Where(d => d.Decision.OpensKlaerfall));
            decidedChunk = chunk;
            matchedCount += toMatch.Count;
        }

        // Payouts held by earlier runs whose report has come: their lines are decided in the
        // matcher's order among today's receipts (they are older, so mostly first).
        // So are the collections of batch credits without details that fit their pain.008, new or
        // held by earlier runs (Pain008BatchBooking).
        var held = await providers.PlanHeldAsync(store, cancellationToken).ConfigureAwait(false);
        await providers.LinkSettledAsync(store, cancellationToken).ConfigureAwait(false);
        var batches = await pain008.PlanWaitingAsync(store, sepa, cancellationToken).ConfigureAwait(false);
        var heldLines = new Queue<ReceiptRow>(held.ForMatching.Concat(batches.ForMatching).Order(ReceiptRowOrder.Instance));
        IReadOnlyList<DecisionToStore> heldDecisions = [.. held.Decisions, .. batches.Decisions];
        await foreach (var chunkRows in newReceipts.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            // Single direct-debit credits naming a pain.008 block are booked from it; camt.054 items
            // of batches already booked from their pain.008 are confirmed, never booked again.
            var (rows, confirmed) = await pain008.PlanAsync(chunkRows, sepa, cancellationToken).ConfigureAwait(false);
            var plan = await providers.PlanAsync(store, rows, cancellationToken).ConfigureAwait(false);
            var forMatching = plan.ForMatching;
            if (forMatching.Count > 0 && heldLines.Count > 0)
            {
                var merged = new List<ReceiptRow>(forMatching);
                while (heldLines.Count > 0 && ReceiptRowOrder.Instance.Compare(heldLines.Peek(), forMatching[^1]) < 0)
                {
                    merged.Add(heldLines.Dequeue());
                }

                forMatching = [.. merged.Order(ReceiptRowOrder.Instance)];
            }

            await DecideAsync(forMatching, [.. heldDecisions, .. confirmed, .. plan.Decisions]).ConfigureAwait(false);
            heldDecisions = [];
        }

        if (heldLines.Count > 0 || heldDecisions.Count > 0)
        {
            await DecideAsync([.. heldLines], heldDecisions).ConfigureAwait(false);
        }

        if (decidedChunk is not null)
        {
            await StoreAsync(decidedChunk).ConfigureAwait(false);
            tally.Add(decidedChunk);
        }

        session.NameDebtors(await store.DebtorsAsync([.. session.OpenPositions().Select(s => s.PositionId)], cancellationToken).ConfigureAwait(false));

        // The server stores the pass's open amounts while the suggestions are computed here: both
        // only read them, and at a million payments each takes seconds, one on each core.
        var storingOpenAmounts = store.UpdateOpenAmountsAsync(session.OpenAmounts, cancellationToken);
        List<DecisionToStore> klaerfaelleOpened;
        try
        {
            using var json = new SuggestionsJson();
            klaerfaelleOpened = [.. opening.Select(d => d with { StoredSuggestions = json.WriteUtf8(session.WithSuggestions(d.Row.Receipt, d.Decision).Suggestions) })];
        }
        finally
        {
            await storingOpenAmounts.ConfigureAwait(false);
        }

        var collectives = new List<DecisionToStore>();
        foreach (var waiting in await store.WaitingCollectivesAsync(cancellationToken).ConfigureAwait(false))
        {
            collectives.Add(new DecisionToStore(waiting, HoldCollective(waiting, pain008.Doubt(waiting.EntryId)), 1, "initial"));
        }

        foreach (var (klaerfallId, receiptKey, amount, row) in await ReplacedAsync(store, cancellationToken).ConfigureAwait(false))
        {
            collectives.Add(new DecisionToStore(row, ReleaseCollective(receiptKey, row, amount), 2, "replaced", klaerfallId));
        }

        await store.StoreDecisionsAsync(runId, collectives, cancellationToken).ConfigureAwait(false);
        tally.Add(collectives);
        // The links first: the worklist copies a report line's payer and amount from them when its Klärfall is stored.
        await providers.StoreLinksAsync(cancellationToken).ConfigureAwait(false);
        await store.StoreKlaerfaelleAsync(runId, [.. klaerfaelleOpened, .. planOpening, .. collectives], cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        LogReconciled(matchedCount, tally.Opened, retried.Count);
        return tally.ToResult();
    }

    /// <summary>
    /// A Klärfall opened in the pass waits for its end (its suggestions look at what is open then)
    /// with only what its suggestions read (<see cref="MatchingSession.ForSuggestions"/>) and its
    /// row needs (entry; the decision's rule, reasons, candidates and Verwahrgeld line).
    /// </summary>
    private static DecisionToStore WaitingForSuggestions(DecisionToStore item) =>
        item with { Row = new ReceiptRow(MatchingSession.ForSuggestions(item.Row.Receipt), item.Row.EntryId, item.Row.StatementId, "", null, null) };

    private static async Task<List<(long KlaerfallId, long ReceiptKey, decimal Amount, ReceiptRow Row)>> ReplacedAsync(ReconciliationStore store, CancellationToken cancellationToken)
    {
        var replaced = await store.ReplacedCollectivesAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<(long, long, decimal, ReceiptRow)>();
        foreach (var (klaerfallId, receiptKey, amount) in replaced)
        {
            var row = await store.CollectiveRowAsync(ReceiptKey.EntryId(receiptKey), cancellationToken).ConfigureAwait(false);
            result.Add((klaerfallId, receiptKey, amount, row));
        }

        return result;
    }

    private static MatchDecision HoldCollective(ReceiptRow row, string? pain008Doubt) => new(
        row.Receipt.Id,
        MatchOutcome.Klaerfall,
        ReconciliationStore.CollectiveWaitingRule,
        pain008Doubt is null
            ? ["Sammelbuchung: die Einzelposten (camt.054) sind noch nicht da. Der Betrag wird verwahrt, bis sie eintreffen; dann werden die Einzelposten gebucht."]
            : [
                "Sammelbuchung: die Einzelposten (camt.054) sind noch nicht da, und aus der Einreichung (pain.008) lassen sie sich nicht übernehmen.",
                pain008Doubt,
                "Der Betrag wird verwahrt, bis die Einzelposten oder eine passende Lastschriftdatei eintreffen; dann werden die Einzelposten gebucht.",
            ],
        [new PlannedBooking(Satzart.Vwg, row.Receipt.Amount, null, null, null, null, null, Zuordnung.Auto, ReconciliationStore.CollectiveWaitingRule)],
        [],
        OpensKlaerfall: true,
        []);

    private static MatchDecision ReleaseCollective(long receiptKey, ReceiptRow row, decimal amount) => new(
        receiptKey,
        MatchOutcome.KlaerfallResolved,
        ReconciliationStore.CollectiveReplacedRule,
        ["Die Einzelposten der Sammelbuchung sind eingetroffen und werden einzeln gebucht; der verwahrte Gesamtbetrag wird aufgelöst."],
        [new PlannedBooking(Satzart.Vwg, new Money(-amount, row.Receipt.Amount.Currency), null, null, null, null, null, Zuordnung.Auto, ReconciliationStore.CollectiveReplacedRule)],
        [],
        OpensKlaerfall: false,
        []);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciled {Receipts} new receipts: {Klaerfaelle} Klärfälle opened, {Resolved} earlier Klärfälle booked")]
    private partial void LogReconciled(int receipts, int klaerfaelle, int resolved);
}
