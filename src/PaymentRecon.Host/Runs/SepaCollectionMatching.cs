using Dapper;
using Npgsql;
using PaymentRecon.Booking;
using PaymentRecon.Data.Reconciliation;
using PaymentRecon.Data.Sepa;
using PaymentRecon.Matching;

namespace PaymentRecon.Host.Runs;

/// <summary>
/// Own SEPA direct debits in the reconciliation. A credit whose EndToEndId (and PmtInfId, when the
/// bank gives it) is exactly one submitted, not rejected pain.008 collection of the same amount is
/// booked on the collection's Kassenzeichen (rule <c>SEPA-LASTSCHRIFT</c>), with the mandate kept
/// on the line so a later return finds it. Returns are undone by the matcher as usual; a return
/// of an own direct debit is flagged in <c>recon.direct_debit_return</c> (reminder or collect
/// again). Runs inside the reconciliation's transaction.
/// </summary>
internal sealed class SepaCollectionMatching
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly SepaQueries _queries;
    private readonly Dictionary<long, (SepaDirectDebit Collection, string How)> _collections = [];
    private readonly Dictionary<long, SepaDirectDebit?> _ownReturns = [];
    private readonly Dictionary<long, string> _batchItems = [];

    private bool? _anyCollection;

    public SepaCollectionMatching(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
        _queries = new SepaQueries(connection, transaction);
    }

    /// <summary>
    /// True when any pain.008 was imported: without one, nothing needs to be looked up. Asked once
    /// per step, not once per chunk (a hundred round trips at a million receipts): no step writes
    /// pain.008 collections while the reconciliation runs, and one answer for the whole step treats
    /// all its chunks alike. <see cref="Pain008BatchBooking"/> asks here too.
    /// </summary>
    public async ValueTask<bool> AnyCollectionAsync(CancellationToken cancellationToken) =>
        _anyCollection ??= await _queries.AnyCollectionAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// A collection of a batch credit booked from its pain.008 (<see cref="Pain008BatchBooking"/>):
    /// matched on the Kassenzeichen of the submission, explained with <paramref name="reason"/>.
    /// </summary>
    public void AddBatchItem(long receiptKey, string reason) => _batchItems[receiptKey] = reason;

    /// <summary>
    /// The rows with the pain.008 mandate filled in where the bank left it out, and the receipts the
    /// matcher sees: for a matched collection only its Kassenzeichen from the pain.008, as the
    /// structured reference (the remittance text of a direct debit is ours, not the payer's).
    /// </summary>
    public async Task<(IReadOnlyList<ReceiptRow> Rows, IReadOnlyList<Receipt> ForMatcher)> PrepareAsync(IReadOnlyList<ReceiptRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0 || !await AnyCollectionAsync(cancellationToken).ConfigureAwait(false))
        {
            return (rows, [.. rows.Select(r => r.Receipt)]);
        }

        var credits = rows.Where(r => !_batchItems.ContainsKey(r.Receipt.Id) && r.Receipt.Amount.Amount > 0m && !r.Receipt.IsReturn && !r.Receipt.IsReversal && Usable(r.Receipt.EndToEndId) is not null).ToList();
        var returns = rows.Where(r => r.Receipt.Amount.IsNegative && (r.Receipt.IsReturn || r.Receipt.Gvc is "108" or "109")).ToList();
        var endToEndIds = credits.Concat(returns).Select(r => Usable(r.Receipt.EndToEndId)).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var mandateIds = returns.Select(r => Usable(r.Receipt.MandateId)).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        if (endToEndIds.Length == 0 && mandateIds.Length == 0)
        {
            return (rows, [.. rows.Select(r => _batchItems.ContainsKey(r.Receipt.Id) ? SepaBatchItemReceipt.ForMatcher(r.Receipt) : r.Receipt)]);
        }

        var known = await _queries.FindCollectionsAsync(endToEndIds, mandateIds, cancellationToken).ConfigureAwait(false);
        var byEndToEnd = known.ToLookup(c => c.EndToEndId, StringComparer.Ordinal);
        var byMandate = known.ToLookup(c => c.MandateId, StringComparer.Ordinal);

        var returnIds = returns.Select(r => r.Receipt.Id).ToHashSet();
        var withCollection = credits.Where(r => byEndToEnd.Contains(r.Receipt.EndToEndId!)).ToList();
        var paymentInformationIds = await PaymentInformationIdsAsync(withCollection, cancellationToken).ConfigureAwait(false);
        var result = new List<ReceiptRow>(rows.Count);
        var forMatcher = new List<Receipt>(rows.Count);
        foreach (var row in rows)
        {
            var receipt = row.Receipt;
            if (_batchItems.ContainsKey(receipt.Id))
            {
                result.Add(row);
                forMatcher.Add(SepaBatchItemReceipt.ForMatcher(receipt));
                continue;
            }

            if (receipt.Amount.Amount > 0m && Usable(receipt.EndToEndId) is { } endToEndId && byEndToEnd.Contains(endToEndId) && !receipt.IsReturn && !receipt.IsReversal)
            {
                var pmtInfId = paymentInformationIds.GetValueOrDefault(receipt.Id);
                var fitting = byEndToEnd[endToEndId]
                    .Where(c => !c.Rejected && c.Amount == receipt.Amount.Amount && c.Currency == receipt.Currency.Code
                        && (pmtInfId is null || c.PaymentInformationId == pmtInfId)
                        && (Usable(receipt.MandateId) is not { } mandate || c.MandateId == mandate))
                    .ToList();
                if (fitting.Count == 1)
                {
                    var collection = fitting[0];
                    _collections[receipt.Id] = (collection, pmtInfId is null ? $"EndToEndId {endToEndId} und Betrag" : $"PmtInfId {pmtInfId} und EndToEndId {endToEndId}");
                    var enriched = receipt with { MandateId = receipt.MandateId ?? collection.MandateId };
                    result.Add(row with { Receipt = enriched });
                    forMatcher.Add(enriched with { CreditorReference = collection.Kassenzeichen, RemittanceLines = [], EndToEndId = null });
                    continue;
                }
            }
            else if (returnIds.Contains(receipt.Id) && OwnCollection(receipt, byEndToEnd, byMandate) is { IsOwn: true } own)
            {
                _ownReturns[receipt.Id] = own.Collection;
            }

            result.Add(row);
            forMatcher.Add(receipt);
        }

        return (result, forMatcher);
    }

    /// <summary>Gives an own collection its rule and reasons, and says on an own return what the cash office has to do.</summary>
    public MatchDecision Explain(MatchDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (_batchItems.TryGetValue(decision.ReceiptId, out var item))
        {
            return decision.Outcome != MatchOutcome.Ist
                ? decision with { Reasons = [item, .. decision.Reasons] }
                : decision with
                {
                    Rule = MatchRules.SepaBatchFromPain008,
                    Reasons = [item, .. decision.Reasons],
                    Bookings = [.. decision.Bookings.Select(b => b.Satzart == Satzart.Ist ? b with { Rule = MatchRules.SepaBatchFromPain008 } : b)],
                };
        }

        if (_collections.TryGetValue(decision.ReceiptId, out var matched))
        {
            var (c, how) = matched;
            var reason = $"Eigene Lastschrift (pain.008 {c.MessageId}, PmtInfId {c.PaymentInformationId}, Mandat {c.MandateId}), gefunden über {how}; "
                + (c.Kassenzeichen is null ? "die Lastschrift nennt kein eindeutiges Kassenzeichen." : $"Kassenzeichen {c.Kassenzeichen} aus der Einreichung.");
            if (decision.Outcome != MatchOutcome.Ist)
            {
                return decision with { Reasons = [reason, .. decision.Reasons] };
            }

            return decision with
            {
                Rule = MatchRules.SepaCollection,
                Reasons = [reason, .. decision.Reasons],
                Bookings = [.. decision.Bookings.Select(b => b.Satzart == Satzart.Ist ? b with { Rule = MatchRules.SepaCollection } : b)],
            };
        }

        if (decision.Outcome == MatchOutcome.Return && _ownReturns.ContainsKey(decision.ReceiptId))
        {
            return decision with { Reasons = [.. decision.Reasons, "Rücklastschrift einer eigenen Lastschrift: Soll wieder offen, Mahnung oder erneuter Einzug veranlassen."] };
        }

        return decision;
    }

    /// <summary>Stores a flag per Soll position an own direct debit's return reopened.</summary>
    public async Task StoreReturnsAsync(long runId, IReadOnlyList<DecisionToStore> decisions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        var flags = new List<DirectDebitReturn>();
        foreach (var item in decisions.Where(d => d.Decision.Outcome == MatchOutcome.Return && _ownReturns.ContainsKey(d.Decision.ReceiptId)))
        {
            var receipt = item.Row.Receipt;
            var collection = _ownReturns[receipt.Id];
            var charges = -item.Decision.Bookings.Where(b => b.Satzart == Satzart.Geb).Sum(b => b.Amount.Amount);
            foreach (var line in item.Decision.Bookings.Where(b => b.Satzart == Satzart.Ist && b.Amount.IsNegative && b.PositionId is not null))
            {
                flags.Add(new DirectDebitReturn(
                    receipt.Id,
                    item.Decision.OriginalReceiptId ?? 0,
                    line.PositionId!.Value,
                    line.Kassenzeichen!,
                    line.Verfahren ?? "",
                    line.AnordnungsNr ?? "",
                    -line.Amount.Amount,
                    charges,
                    receipt.ReturnReason,
                    receipt.EndToEndId ?? collection?.EndToEndId,
                    receipt.MandateId ?? collection?.MandateId,
                    collection?.Id,
                    receipt.BookingDate,
                    runId));
            }
        }

        if (flags.Count > 0)
        {
            await new DirectDebitReturnStore(_connection, _transaction).AddAsync(flags, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether a return undoes one of our own direct debits (its EndToEndId or mandate is in a
    /// submitted pain.008), and which collection: the one of the instructed amount, when one fits.
    /// </summary>
    private static (bool IsOwn, SepaDirectDebit? Collection) OwnCollection(Receipt receipt, ILookup<string, SepaDirectDebit> byEndToEnd, ILookup<string, SepaDirectDebit> byMandate)
    {
        var instructed = (receipt.InstructedAmount ?? receipt.Amount).Abs().Amount;
        foreach (var candidates in new[] { Usable(receipt.EndToEndId) is { } e2e ? byEndToEnd[e2e] : [], Usable(receipt.MandateId) is { } m ? byMandate[m] : [] })
        {
            var accepted = candidates.Where(c => !c.Rejected).ToList();
            if (accepted.Count > 0)
            {
                return (true, accepted.FirstOrDefault(c => c.Amount == instructed));
            }
        }

        return (false, null);
    }

    /// <summary>camt <c>PmtInfId</c> of each receipt: the transaction's, else the batch entry's <c>Btch/PmtInfId</c>.</summary>
    private async Task<Dictionary<long, string>> PaymentInformationIdsAsync(List<ReceiptRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var found = await _connection.QueryAsync<(long Key, string? PmtInfId)>(new CommandDefinition(
            """
            SELECT r.receipt_key, coalesce(t.pmt_inf_id, e.batch_pmt_inf_id)
            FROM recon.receipt_keyed r
            JOIN recon.entry e ON e.id = r.entry_id
            LEFT JOIN recon.entry_transaction t ON t.statement_id = r.detail_statement_id AND t.entry_index = r.detail_entry_index AND t.tx_index = r.tx_index
            WHERE r.entry_id = ANY(@entryIds) AND r.receipt_key = ANY(@keys)
            """,
            new { entryIds = rows.Select(r => r.EntryId).Distinct().ToArray(), keys = rows.Select(r => r.Receipt.Id).ToArray() },
            _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return found.Where(f => !string.IsNullOrWhiteSpace(f.PmtInfId)).ToDictionary(f => f.Key, f => f.PmtInfId!);
    }

    private static string? Usable(string? key) =>
        string.IsNullOrWhiteSpace(key) || key.Equals("NOTPROVIDED", StringComparison.OrdinalIgnoreCase) ? null : key;
}
