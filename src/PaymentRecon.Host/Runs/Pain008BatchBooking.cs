using System.Globalization;
using Npgsql;
using PaymentRecon.Booking;
using PaymentRecon.Data.Reconciliation;
using PaymentRecon.Data.Sepa;
using PaymentRecon.Matching;

namespace PaymentRecon.Host.Runs;

/// <summary>
/// A batch credit of own direct debits for which the bank sends no details (no TxDtls, no
/// camt.054) is booked from the submitted pain.008: when its PmtInfId (<c>Btch/PmtInfId</c>, else
/// named in <c>AddtlNtryInf</c> or the text of a direct-debit credit) is exactly one block whose
/// collections, less those a pain.002 rejected, add up to the credit (and count up to
/// <c>Btch/NbOfTxs</c> when given), each collection becomes a receipt of its own that the
/// Kassenzeichen rules book, so the lines add up to the credit. A batch held as Verwahrgeld by an
/// earlier run is released the same way once its pain.008 is there. A camt.054 that comes for such
/// a batch later books nothing again: each item is checked against what was booked (EndToEndId and
/// amount); one that differs is reported, never booked. Runs inside the reconciliation's transaction.
/// </summary>
internal sealed partial class Pain008BatchBooking
{
    private readonly SepaBatchItemStore _store;
    private readonly SepaQueries _queries;
    private readonly ILogger _logger;
    private readonly Dictionary<long, string> _doubts = [];
    private readonly HashSet<long> _usedBlocks = [];
    private readonly HashSet<long> _itemKeys = [];

    public Pain008BatchBooking(NpgsqlConnection connection, NpgsqlTransaction transaction, ILogger logger)
    {
        _store = new SepaBatchItemStore(connection, transaction);
        _queries = new SepaQueries(connection, transaction);
        _logger = logger;
    }

    /// <summary>
    /// Tries every batch credit still without details (new ones and those held by earlier runs)
    /// against the submitted pain.008 blocks. Returns the collections of the batches that fit as
    /// receipts for the matcher (<paramref name="sepa"/> explains them) and the decisions of the
    /// batch entries themselves; remembers why the others do not fit (<see cref="Doubt"/>).
    /// </summary>
    public async Task<ProviderPlan> PlanWaitingAsync(ReconciliationStore store, SepaCollectionMatching sepa, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(sepa);
        var forMatching = new List<ReceiptRow>();
        var decisions = new List<DecisionToStore>();
        if (!await sepa.AnyCollectionAsync(cancellationToken).ConfigureAwait(false))
        {
            return new ProviderPlan(forMatching, decisions);
        }

        foreach (var candidate in await _store.CandidatesAsync(ReconciliationStore.CollectiveWaitingRule, cancellationToken).ConfigureAwait(false))
        {
            if (candidate.Reversal || candidate.Currency != "EUR")
            {
                continue;
            }

            var (block, doubt) = await FindBlockAsync(candidate, cancellationToken).ConfigureAwait(false);
            if (block is null)
            {
                if (doubt is not null)
                {
                    _doubts[candidate.EntryId] = doubt;
                }

                continue;
            }

            var row = await store.CollectiveRowAsync(candidate.EntryId, cancellationToken).ConfigureAwait(false);
            decisions.Add(await BookAsync(row, candidate, block, sepa, forMatching, cancellationToken).ConfigureAwait(false));
        }

        return new ProviderPlan(forMatching, decisions);
    }

    /// <summary>
    /// The collections of <paramref name="block"/> (not rejected) as receipts of their own on the
    /// batch entry, recorded and explained; returns the decision of the entry itself.
    /// </summary>
    private async Task<DecisionToStore> BookAsync(
        ReceiptRow row, SepaBatchCandidate candidate, SepaBatchBlock block, SepaCollectionMatching sepa, List<ReceiptRow> forMatching, CancellationToken cancellationToken)
    {
        _usedBlocks.Add(block.Id);
        var collections = await _queries.CollectionsOfPaymentInformationAsync(block.Id, cancellationToken).ConfigureAwait(false);
        var items = new List<(long, long)>();
        for (var i = 0; i < collections.Count; i++)
        {
            var collection = collections[i];
            if (collection.Rejected)
            {
                continue;
            }

            var key = ReceiptKey.Of(candidate.EntryId, ReceiptKey.Pain008ItemBase + i + 1);
            items.Add((key, collection.Id));
            _itemKeys.Add(key);
            sepa.AddBatchItem(key, ItemReason(collection, block));
            forMatching.Add(SepaBatchItemReceipt.Row(collection, key, row));
        }

        await _store.RecordAsync(candidate.EntryId, block.Id, items, cancellationToken).ConfigureAwait(false);
        LogBookedFromPain008(candidate.EntryId, items.Count, candidate.KlaerfallId is not null);
        return EntryDecision(row, candidate, block);
    }

    /// <summary>Why a batch credit without details could not be booked from a pain.008 (for the reason of its Verwahrgeld), if a block was named.</summary>
    public string? Doubt(long entryId) => _doubts.GetValueOrDefault(entryId);

    /// <summary>
    /// One chunk of the night's receipts: a single direct-debit credit (GVC 171/192 or family
    /// IDDT, no EndToEndId) whose text names the PmtInfId of a block that it fits is booked from
    /// the pain.008 like a batch credit (its collections replace it among the rows); and the
    /// camt.054 items of batches already booked from their pain.008 are taken out and decided here:
    /// each one that agrees with a booked collection (EndToEndId and amount) is confirmed, any other
    /// is reported for checking; neither books a line, because the batch's money is booked already.
    /// </summary>
    public async Task<(IReadOnlyList<ReceiptRow> Rows, IReadOnlyList<DecisionToStore> Decisions)> PlanAsync(
        IReadOnlyList<ReceiptRow> rows, SepaCollectionMatching sepa, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(sepa);
        var (singles, decided) = await PlanSinglesAsync(rows, sepa, cancellationToken).ConfigureAwait(false);
        if (decided.Count > 0)
        {
            var booked = decided.Select(d => d.Decision.ReceiptId).ToHashSet();
            rows = [.. rows.Where(r => !booked.Contains(r.Receipt.Id)).Concat(singles).Order(ReceiptRowOrder.Instance)];
        }

        var (remaining, confirmations) = await ConfirmAsync(rows, cancellationToken).ConfigureAwait(false);
        return (remaining, [.. decided, .. confirmations]);
    }

    /// <summary>Why a single direct-debit credit naming a PmtInfId was not booked from it, in front of the matcher's reasons.</summary>
    public MatchDecision Explain(MatchDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return ReceiptKey.Item(decision.ReceiptId) == 0 && _doubts.TryGetValue(ReceiptKey.EntryId(decision.ReceiptId), out var doubt)
            ? decision with { Reasons = [doubt, .. decision.Reasons] }
            : decision;
    }

    private async Task<(List<ReceiptRow> Items, List<DecisionToStore> Decisions)> PlanSinglesAsync(IReadOnlyList<ReceiptRow> rows, SepaCollectionMatching sepa, CancellationToken cancellationToken)
    {
        var items = new List<ReceiptRow>();
        var decisions = new List<DecisionToStore>();
        var singles = rows.Where(r => ReceiptKey.Item(r.Receipt.Id) == 0 && IsSingleDirectDebitCredit(r.Receipt)).ToList();
        if (singles.Count == 0 || !await sepa.AnyCollectionAsync(cancellationToken).ConfigureAwait(false))
        {
            return (items, decisions);
        }

        // One look-up for the whole chunk: only a credit that names a known PmtInfId is tried.
        var texts = singles.ToDictionary(r => r.Receipt.Id, r => Text(r.Receipt));
        var known = (await _store.KnownPaymentInformationIdsAsync(
            [.. texts.Values.SelectMany(t => ProviderPayoutBooking.Tokens(t)).Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        foreach (var row in singles.Where(r => known.Count > 0 && ProviderPayoutBooking.Tokens(texts[r.Receipt.Id]).Any(known.Contains)))
        {
            var receipt = row.Receipt;
            var candidate = new SepaBatchCandidate(
                row.EntryId, receipt.Amount.Amount, receipt.Currency.Code, false, receipt.Gvc, receipt.BankTransactionCode.Family, null, null, null, texts[receipt.Id], null, null, 1);
            var (block, doubt) = await FindBlockAsync(candidate, cancellationToken).ConfigureAwait(false);
            if (block is null)
            {
                if (doubt is not null)
                {
                    _doubts[row.EntryId] = doubt;
                }

                continue;
            }

            decisions.Add(await BookAsync(row, candidate, block, sepa, items, cancellationToken).ConfigureAwait(false));
        }

        return (items, decisions);
    }

    private static bool IsSingleDirectDebitCredit(Receipt receipt) =>
        receipt.Amount.Amount > 0m && !receipt.IsReturn && !receipt.IsReversal && receipt.Currency == Currency.EUR
        && (receipt.Gvc is "171" or "192" || string.Equals(receipt.BankTransactionCode.Family, "IDDT", StringComparison.Ordinal))
        && (string.IsNullOrWhiteSpace(receipt.EndToEndId) || receipt.EndToEndId.Equals("NOTPROVIDED", StringComparison.OrdinalIgnoreCase));

    private static string Text(Receipt receipt) => string.Join(' ', receipt.RemittanceLines.Append(receipt.AdditionalInformation).Where(t => !string.IsNullOrWhiteSpace(t)));

    private async Task<(IReadOnlyList<ReceiptRow> Rows, IReadOnlyList<DecisionToStore> Decisions)> ConfirmAsync(IReadOnlyList<ReceiptRow> rows, CancellationToken cancellationToken)
    {
        var entryIds = rows.Where(r => ReceiptKey.Item(r.Receipt.Id) is > 0 and < ReceiptKey.Pain008ItemBase).Select(r => r.EntryId).Distinct().ToArray();
        if (entryIds.Length == 0)
        {
            return (rows, []);
        }

        var booked = (await _store.ItemsOfEntriesAsync(entryIds, cancellationToken).ConfigureAwait(false)).ToLookup(i => i.EntryId);
        if (booked.Count == 0)
        {
            return (rows, []);
        }

        var notified = (await _store.NotificationItemsAsync([.. booked.Select(g => g.Key)], cancellationToken).ConfigureAwait(false)).ToLookup(n => n.EntryId);
        var verdicts = new Dictionary<long, (bool Agrees, string Reason)>();
        foreach (var entry in booked)
        {
            foreach (var (key, verdict) in await CompareAsync(entry.Key, [.. entry], [.. notified[entry.Key]], cancellationToken).ConfigureAwait(false))
            {
                verdicts[key] = verdict;
            }
        }

        var remaining = new List<ReceiptRow>(rows.Count);
        var decisions = new List<DecisionToStore>();
        foreach (var row in rows)
        {
            if (!verdicts.TryGetValue(row.Receipt.Id, out var verdict))
            {
                remaining.Add(row);
                continue;
            }

            var decision = new MatchDecision(
                row.Receipt.Id,
                MatchOutcome.AlreadyBooked,
                verdict.Agrees ? MatchRules.SepaBatchItemConfirmed : MatchRules.SepaBatchItemMismatch,
                [verdict.Reason],
                [],
                [],
                OpensKlaerfall: false,
                []);
            // Nothing is booked: the outcome counts the item, not its money (the collection's line carries that).
            decisions.Add(new DecisionToStore(row with { Receipt = row.Receipt with { Amount = Money.Zero(row.Receipt.Currency) } }, decision, 1, "initial"));
        }

        return (remaining, decisions);
    }

    /// <summary>The collections behind these receipt keys (Klärfälle of items booked from a pain.008, to be tried again).</summary>
    public async Task<IReadOnlyList<ReceiptRow>> ItemReceiptsAsync(long[] keys, CancellationToken cancellationToken)
    {
        var rows = await _store.ItemReceiptsAsync([.. keys.Where(k => ReceiptKey.Item(k) > ReceiptKey.Pain008ItemBase)], cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            _itemKeys.Add(row.Receipt.Id);
        }

        return rows;
    }

    /// <summary>The receipt as the matcher sees it: for a collection booked from a pain.008 only its Kassenzeichen.</summary>
    public Receipt ForMatcher(Receipt receipt) =>
        _itemKeys.Contains(receipt.Id) ? SepaBatchItemReceipt.ForMatcher(receipt) : receipt;

    /// <summary>
    /// The block a batch credit pays: its PmtInfId (from <c>Btch</c>, else a known PmtInfId in the
    /// text of a direct-debit credit) names exactly one block not booked yet, and the credit fits
    /// it in sum and count. Otherwise no block, and what did not fit.
    /// </summary>
    private async Task<(SepaBatchBlock? Block, string? Doubt)> FindBlockAsync(SepaBatchCandidate candidate, CancellationToken cancellationToken)
    {
        var pmtInfId = candidate.PaymentInformationId;
        if (string.IsNullOrWhiteSpace(pmtInfId))
        {
            if (!IsDirectDebitCredit(candidate) || string.IsNullOrWhiteSpace(candidate.Text))
            {
                return (null, null);
            }

            var named = await _store.KnownPaymentInformationIdsAsync([.. ProviderPayoutBooking.Tokens(candidate.Text).Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false);
            if (named.Count > 1)
            {
                return (null, $"Der Umsatz nennt mehrere eingereichte Sammellastschriften ({string.Join(", ", named)}): keine automatische Zuordnung.");
            }

            if (named.Count == 0)
            {
                return (null, null);
            }

            pmtInfId = named[0];
        }

        var blocks = (await _store.BlocksAsync(pmtInfId, cancellationToken).ConfigureAwait(false))
            .Where(b => candidate.AccountIban is null || b.CreditorIban is null || string.Equals(b.CreditorIban, candidate.AccountIban, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (blocks.Count == 0)
        {
            return (null, $"Keine eingereichte Lastschriftdatei (pain.008) enthält die Sammellastschrift {pmtInfId}.");
        }

        if (blocks.Count > 1)
        {
            return (null, $"Mehrere eingereichte Lastschriftdateien enthalten die Sammellastschrift {pmtInfId} ({string.Join(", ", blocks.Select(b => b.FileName))}): keine automatische Zuordnung.");
        }

        var block = blocks[0];
        if (block.BookedWithEntryId is not null || _usedBlocks.Contains(block.Id))
        {
            return (null, $"Die Sammellastschrift {pmtInfId} aus {block.FileName} ist bereits mit einem anderen Umsatz gebucht.");
        }

        var amount = Money.Eur(candidate.Amount);
        var sumFits = block.ExpectedAmount == candidate.Amount && block.ExpectedCount > 0;
        var countFits = candidate.BatchCount is not { } count || count == block.ExpectedCount;
        if (sumFits && countFits)
        {
            return (block, null);
        }

        var expected = $"erwartet {GermanFormat.Amount(Money.Eur(block.ExpectedAmount))} in {Count(block.ExpectedCount)}"
            + (block.RejectedCount > 0 ? $" ({Count(block.CollectionCount)} eingereicht, davon {Count(block.RejectedCount)} über {GermanFormat.Amount(Money.Eur(block.RejectedAmount))} per pain.002 abgelehnt)" : "");
        var found = $"gutgeschrieben {GermanFormat.Amount(amount)}" + (candidate.BatchCount is { } n ? $", laut Bank {Count(n)}" : "");
        var what = (sumFits, countFits) switch
        {
            (false, false) => "Summe und Anzahl passen nicht",
            (false, true) => "die Summe passt nicht",
            _ => "die Anzahl passt nicht",
        };
        return (null, $"Die Sammellastschrift {pmtInfId} aus {block.FileName} (pain.008 {block.MessageId}) passt nicht, {what}: {expected}; {found}.");
    }

    /// <summary>GVC 171/192 (SEPA direct debit, single or batch) or ISO family IDDT: only then is a PmtInfId in the text taken.</summary>
    private static bool IsDirectDebitCredit(SepaBatchCandidate candidate) =>
        candidate.Gvc is "171" or "192" || string.Equals(candidate.BtcFamily, "IDDT", StringComparison.Ordinal);

    private static string Count(long count) => count == 1 ? "1 Lastschrift" : count.ToString(CultureInfo.InvariantCulture) + " Lastschriften";

    private static string ItemReason(SepaDirectDebit collection, SepaBatchBlock block) =>
        $"Eigene Lastschrift {collection.EndToEndId} (Mandat {collection.MandateId}) aus der Lastschriftdatei {block.FileName} (pain.008 {block.MessageId}, PmtInfId {block.PaymentInformationId}): "
        + "die Bank hat zur Sammelbuchung keine Einzelposten geliefert, der Posten stammt aus der Einreichung; "
        + (collection.Kassenzeichen is null ? "die Lastschrift nennt kein eindeutiges Kassenzeichen." : $"Kassenzeichen {collection.Kassenzeichen} aus der Einreichung.");

    private static DecisionToStore EntryDecision(ReceiptRow row, SepaBatchCandidate candidate, SepaBatchBlock block)
    {
        var bookings = new List<PlannedBooking>();
        if (candidate is { KlaerfallId: not null, Held: { } held })
        {
            bookings.Add(new PlannedBooking(Satzart.Vwg, Money.Eur(-held), null, null, null, null, null, Zuordnung.Auto, MatchRules.SepaBatchFromPain008));
        }

        var rejected = block.RejectedCount > 0
            ? $"; {Count(block.RejectedCount)} über {GermanFormat.Amount(Money.Eur(block.RejectedAmount))} wurde(n) per pain.002 abgelehnt und ist (sind) nicht enthalten"
            : "";
        var decision = new MatchDecision(
            row.Receipt.Id,
            MatchOutcome.SepaBatchFromPain008,
            MatchRules.SepaBatchFromPain008,
            [
                $"Sammellastschrift {block.PaymentInformationId}: die Bank hat keine Einzelposten geliefert (keine TxDtls, keine camt.054). Die Posten stammen aus der eingereichten Lastschriftdatei {block.FileName} (pain.008 {block.MessageId}): {Count(block.ExpectedCount)} über {GermanFormat.Amount(Money.Eur(block.ExpectedAmount))} = Umsatz {GermanFormat.Amount(row.Receipt.Amount)}{rejected}.",
                "Jede Lastschrift wird als eigener Zahlungseingang auf das Kassenzeichen der Einreichung gebucht; eine später eintreffende camt.054 bucht nichts ein zweites Mal."
                    + (bookings.Count > 0 ? " Der bis dahin verwahrte Gesamtbetrag wird aufgelöst." : ""),
            ],
            bookings,
            [],
            OpensKlaerfall: false,
            []);
        var total = bookings.Aggregate(Money.Eur(0m), (sum, b) => sum + b.Amount);
        return new DecisionToStore(
            row with { Receipt = row.Receipt with { Amount = total } },
            decision,
            candidate.NextSeq,
            candidate.KlaerfallId is null ? "initial" : "replaced",
            candidate.KlaerfallId);
    }

    /// <summary>
    /// Each camt.054 item of one batch entry against the collections booked from the pain.008, in
    /// the notification's order: the first item with a booked, not yet confirmed EndToEndId and
    /// the same amount agrees; any other differs. A difference is also reported (once).
    /// </summary>
    private async Task<List<(long Key, (bool Agrees, string Reason) Verdict)>> CompareAsync(
        long entryId, List<SepaBatchItem> booked, List<SepaNotificationItem> notified, CancellationToken cancellationToken)
    {
        var open = booked.ToDictionary(b => b.EndToEndId, StringComparer.Ordinal);
        var result = new List<(long, (bool, string))>(notified.Count);
        var differing = new List<string>();
        var source = booked[0];
        foreach (var item in notified)
        {
            var amount = item.Amount is { } a ? GermanFormat.Amount(Money.Eur(a)) : "ohne Betrag";
            if (item.EndToEndId is { } e2e && open.TryGetValue(e2e, out var match) && item.Amount == match.Amount)
            {
                open.Remove(e2e);
                result.Add((item.ReceiptKey, (true,
                    $"Einzelposten {e2e} über {amount} aus camt.054 {item.NotificationMessageId}: bereits aus der Lastschriftdatei {match.FileName} (PmtInfId {match.PaymentInformationId}) gebucht; nichts wird ein zweites Mal gebucht.")));
                continue;
            }

            var why = item.EndToEndId is null
                ? $"Einzelposten ohne EndToEndId über {amount}"
                : booked.FirstOrDefault(b => b.EndToEndId == item.EndToEndId) is { } other
                    ? (open.ContainsKey(item.EndToEndId)
                        ? $"Einzelposten {item.EndToEndId} über {amount}, gebucht wurden aus der Lastschriftdatei {GermanFormat.Amount(Money.Eur(other.Amount))}"
                        : $"Einzelposten {item.EndToEndId} über {amount} kommt mehrfach vor")
                    : $"Einzelposten {item.EndToEndId} über {amount} steht nicht in der Lastschriftdatei {source.FileName}";
            differing.Add(why);
            result.Add((item.ReceiptKey, (false,
                $"{why} (camt.054 {item.NotificationMessageId}). Die Sammellastschrift ist bereits aus der Lastschriftdatei {source.FileName} (PmtInfId {source.PaymentInformationId}) gebucht; "
                + "dieser Einzelposten wird nicht gebucht. Bitte die Buchungen der Sammellastschrift prüfen.")));
        }

        if (differing.Count > 0 && notified.Count > 0)
        {
            var first = notified[0];
            var unconfirmed = open.Count == 0 ? "" : $" Nicht bestätigt: {string.Join(", ", open.Values.Select(b => $"{b.EndToEndId} ({GermanFormat.Amount(Money.Eur(b.Amount))})"))}.";
            var message = $"Sammellastschrift {source.PaymentInformationId}, bereits aus der Lastschriftdatei {source.FileName} gebucht: die Einzelposten der camt.054 {first.NotificationMessageId} weichen ab: {string.Join("; ", differing)}.{unconfirmed} Nichts wurde ein zweites Mal gebucht; bitte die Buchungen prüfen.";
            if (await _store.AddAlertAsync(first.NotificationStatementId, first.BatchStatementId, first.AccountKey, message, cancellationToken).ConfigureAwait(false))
            {
                LogNotificationDiffers(entryId, differing.Count);
            }
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch entry {EntryId} booked from its pain.008: {Items} collections (held before: {WasHeld})")]
    private partial void LogBookedFromPain008(long entryId, int items, bool wasHeld);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch entry {EntryId} was booked from its pain.008; {Differing} items of the camt.054 that arrived since differ and are not booked")]
    private partial void LogNotificationDiffers(long entryId, int differing);
}
