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

    public async Task<ReconcileResult> ExecuteAsync(long runId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Never at the same time as a manual approval: one of the two would book a Klärfall or a Soll the other just booked.
        await KlaerfallBookingLock.AcquireAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var store = new ReconciliationStore(connection, transaction);
        var options = MatchingOptions;
        var soll = await store.SollAsync(cancellationToken).ConfigureAwait(false);

        // Klärfälle of earlier runs first: they paid earlier, so newly arrived Soll is theirs before
        // it is today's payments'.
        var retried = new List<DecisionToStore>();
        var open = await store.OpenKlaerfaelleAsync(runId, cancellationToken).ConfigureAwait(false);
        if (open.Count > 0)
        {
            var receipts = (await store.ReceiptsAsync([.. open.Select(k => k.ReceiptKey)], cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Receipt.Id);
            var klaerfaelle = open.Where(k => receipts.ContainsKey(k.ReceiptKey))
                .Select(k => new OpenKlaerfall(k.KlaerfallId, receipts[k.ReceiptKey].Receipt, Money.Eur(k.Vwg)))
                .ToList();
            var retry = PaymentMatcher.Retry(klaerfaelle, soll, options);
            var byReceipt = open.ToDictionary(k => k.ReceiptKey);
            foreach (var decision in retry.Decisions.Where(d => d.Outcome == MatchOutcome.KlaerfallResolved))
            {
                var klaerfall = byReceipt[decision.ReceiptId];
                retried.Add(new DecisionToStore(receipts[decision.ReceiptId], decision, klaerfall.NextSeq, "retry", klaerfall.KlaerfallId));
            }

            await store.StoreAsync(runId, retried, retry.OpenAmounts, cancellationToken).ConfigureAwait(false);
            soll = [.. soll.Select(s => retry.OpenAmounts.TryGetValue(s.PositionId, out var now) ? s with { OpenAmount = now } : s)];
        }

        var prior = await store.PriorBookingsAsync(cancellationToken).ConfigureAwait(false);
        var rows = await store.NewReceiptsAsync(cancellationToken).ConfigureAwait(false);
        var byId = rows.ToDictionary(r => r.Receipt.Id);
        var matched = PaymentMatcher.Match(rows.Select(r => r.Receipt).ToList(), soll, prior, options);
        var decisions = matched.Decisions.Select(d => new DecisionToStore(byId[d.ReceiptId], d, 1, "initial")).ToList();

        foreach (var waiting in await store.WaitingCollectivesAsync(cancellationToken).ConfigureAwait(false))
        {
            decisions.Add(new DecisionToStore(waiting, HoldCollective(waiting), 1, "initial"));
        }

        foreach (var (klaerfallId, receiptKey, amount, row) in await ReplacedAsync(store, cancellationToken).ConfigureAwait(false))
        {
            decisions.Add(new DecisionToStore(row, ReleaseCollective(receiptKey, row, amount), 2, "replaced", klaerfallId));
        }

        await store.StoreAsync(runId, decisions, matched.OpenAmounts, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        var result = new ReconcileResult([.. retried, .. decisions]);
        var opened = result.Decisions.Count(d => d.Decision.OpensKlaerfall);
        LogReconciled(rows.Count, opened, retried.Count);
        return result;
    }

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

    private static MatchDecision HoldCollective(ReceiptRow row) => new(
        row.Receipt.Id,
        MatchOutcome.Klaerfall,
        ReconciliationStore.CollectiveWaitingRule,
        ["Sammelbuchung: die Einzelposten (camt.054) sind noch nicht da. Der Betrag wird verwahrt, bis sie eintreffen; dann werden die Einzelposten gebucht."],
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
