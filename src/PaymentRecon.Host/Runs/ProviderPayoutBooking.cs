using System.Text.RegularExpressions;
using Npgsql;
using PaymentRecon.Booking;
using PaymentRecon.Data.Providers;
using PaymentRecon.Data.Reconciliation;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Matching;
using PaymentRecon.Providers;

namespace PaymentRecon.Host.Runs;

/// <summary>
/// Payment-provider payouts in the reconciliation. A credit that names the payout id of an imported
/// report (or comes from a provider and fits a report by amount and date) is linked to it: the bank
/// entry carries one GEB line per fee, each report line becomes a receipt of its own that the
/// Kassenzeichen rules book (IST gross, or Klärfall), so the lines add up to the bank entry. A
/// provider credit whose report is not there (yet) is held as one Verwahrgeld item and released
/// when the report comes, exactly like a collective entry waiting for its camt.054. A fee debit of a
/// provider that is paid gross is booked as GEB. Runs inside the reconciliation's transaction.
/// </summary>
internal sealed class ProviderPayoutBooking
{
    /// <summary>How far before the bank booking date a payout may be announced (or its last payment lie) to be linked by amount.</summary>
    private const int AmountLinkWindowDays = 14;

    private readonly ProviderQueries _queries;
    private readonly ProviderLinkStore _links;
    private readonly IReadOnlyList<(ProviderProfile Profile, Regex? Pattern)> _profiles;
    private readonly List<(long PayoutRowId, long EntryId, List<(long ReceiptKey, long LineId)> Lines)> _linked = [];
    private readonly Dictionary<long, string> _lineReasons = [];

    // The reports still waiting for their payout, read once per pass: a report linked in one chunk
    // must not be linked again in the next.
    private AwaitingPayouts? _awaiting;

    public ProviderPayoutBooking(NpgsqlConnection connection, NpgsqlTransaction transaction, ProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queries = new ProviderQueries(connection, transaction);
        _links = new ProviderLinkStore(connection, transaction);
        _profiles = [.. options.EffectiveProfiles.Values.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => (p, p.PayoutIdRegex()))];
    }

    /// <summary>
    /// Takes payouts and fee debits out of <paramref name="rows"/> (one chunk of the night's
    /// receipts; called for each in turn) and decides them here; adds the report lines of linked
    /// payouts as receipts for the matcher, in the payout's place.
    /// </summary>
    public async Task<ProviderPlan> PlanAsync(ReconciliationStore store, IReadOnlyList<ReceiptRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(rows);
        var awaiting = await AwaitingAsync(cancellationToken).ConfigureAwait(false);
        var forMatching = new List<ReceiptRow>(rows.Count);
        var decisions = new List<DecisionToStore>();

        foreach (var row in rows)
        {
            var receipt = row.Receipt;
            if (ReceiptKey.Item(receipt.Id) != 0 || receipt.IsReturn || receipt.IsReversal || receipt.Currency != Currency.EUR || receipt.Amount.IsZero)
            {
                forMatching.Add(row);
                continue;
            }

            var profile = Recognise(receipt);
            if (receipt.Amount.IsNegative)
            {
                if (profile is { FeesDebitedMonthly: true })
                {
                    decisions.Add(new DecisionToStore(row, FeeDebit(row, profile), 1, "initial"));
                }
                else
                {
                    forMatching.Add(row);
                }

                continue;
            }

            var (payout, doubt) = Link(receipt, profile, awaiting);
            if (payout is not null)
            {
                awaiting.Linked(payout);
                await BookAsync(row, payout, 1, "initial", null, forMatching, decisions, cancellationToken).ConfigureAwait(false);
            }
            else if (profile is not null || doubt is not null)
            {
                decisions.Add(new DecisionToStore(row, Hold(row, profile, doubt), 1, "initial"));
            }
            else
            {
                forMatching.Add(row);
            }
        }

        return new ProviderPlan(forMatching, decisions);
    }

    /// <summary>
    /// Links payouts held by earlier runs whose report has come since: their release and fee
    /// decisions, and their report lines for the matcher. Called once, before the night's chunks,
    /// so an older payout gets its report first.
    /// </summary>
    public async Task<ProviderPlan> PlanHeldAsync(ReconciliationStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var awaiting = await AwaitingAsync(cancellationToken).ConfigureAwait(false);
        var forMatching = new List<ReceiptRow>();
        var decisions = new List<DecisionToStore>();
        var held = await _links.HeldPayoutsAsync(cancellationToken).ConfigureAwait(false);
        if (held.Count > 0 && awaiting.Count > 0)
        {
            var heldRows = (await store.ReceiptsAsync([.. held.Select(h => h.ReceiptKey)], cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Receipt.Id);
            foreach (var (klaerfallId, receiptKey, amount, nextSeq) in held)
            {
                if (!heldRows.TryGetValue(receiptKey, out var row))
                {
                    continue;
                }

                var (payout, _) = Link(row.Receipt, Recognise(row.Receipt), awaiting);
                if (payout is not null)
                {
                    awaiting.Linked(payout);
                    await BookAsync(row, payout, nextSeq, "replaced", (klaerfallId, amount), forMatching, decisions, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return new ProviderPlan(forMatching, decisions);
    }

    /// <summary>
    /// Links the reports of payouts whose held credit staff settled by hand (the Klärfall assigned,
    /// kept or refunded before or after the report came) to that credit, booking nothing: the
    /// money is booked already, and without the link the report would wait forever and be listed
    /// as "Auszahlung nicht eingegangen". The credit must name the payout, or be the only fit by
    /// amount and date.
    /// </summary>
    public async Task<int> LinkSettledAsync(ReconciliationStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var awaiting = await AwaitingAsync(cancellationToken).ConfigureAwait(false);
        if (awaiting.Count == 0)
        {
            return 0;
        }

        var settled = await _links.SettledHeldPayoutsAsync(cancellationToken).ConfigureAwait(false);
        if (settled.Count == 0)
        {
            return 0;
        }

        var linked = 0;
        foreach (var row in await store.ReceiptsAsync([.. settled], cancellationToken).ConfigureAwait(false))
        {
            var text = Text(row.Receipt);
            var named = awaiting.Named(Tokens(text.Spaced).Concat(Tokens(text.Joined)));
            var payout = named.Count == 1 ? named[0] : named.Count == 0 ? Link(row.Receipt, Recognise(row.Receipt), awaiting).Payout : null;
            if (payout is null)
            {
                continue;
            }

            awaiting.Linked(payout);
            await _links.LinkAsync(payout.Id, row.EntryId, [], cancellationToken).ConfigureAwait(false);
            linked++;
        }

        return linked;
    }

    private async Task<AwaitingPayouts> AwaitingAsync(CancellationToken cancellationToken) =>
        _awaiting ??= new AwaitingPayouts(await _queries.ReportsAwaitingPayoutAsync(null, cancellationToken).ConfigureAwait(false));

    /// <summary>Adds the report line (transaction, fee, payout) in front of the matcher's reasons for a line receipt.</summary>
    public MatchDecision Explain(MatchDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return _lineReasons.TryGetValue(decision.ReceiptId, out var reason) ? decision with { Reasons = [reason, .. decision.Reasons] } : decision;
    }

    /// <summary>Records the links made in this pass (after the decisions are stored: the keys refer to them).</summary>
    public async Task StoreLinksAsync(CancellationToken cancellationToken)
    {
        foreach (var (payoutRowId, entryId, lines) in _linked)
        {
            await _links.LinkAsync(payoutRowId, entryId, lines, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Report lines behind receipt keys (for their Klärfälle to be tried again).</summary>
    public Task<IReadOnlyList<ReceiptRow>> LineReceiptsAsync(long[] keys, CancellationToken cancellationToken) =>
        _links.LineReceiptsAsync(keys, cancellationToken);

    /// <summary>The profile whose payer name or payout pattern the bank entry carries, if any.</summary>
    private ProviderProfile? Recognise(Receipt receipt)
    {
        (string Spaced, string Joined)? text = null;
        foreach (var (profile, pattern) in _profiles)
        {
            if (receipt.PayerName is { } payer && profile.PayerNames.Any(n => !string.IsNullOrWhiteSpace(n) && payer.Contains(n.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                return profile;
            }

            if (pattern is not null && (text ??= Text(receipt)) is var (spaced, joined) && (pattern.IsMatch(spaced) || pattern.IsMatch(joined)))
            {
                return profile;
            }
        }

        return null;
    }

    /// <summary>
    /// The unlinked payout this credit pays: the one whose payout id it names, else (for a credit
    /// from a provider) the only one of that provider with this amount announced or last paid into
    /// shortly before. A named payout that does not fit (amount, lines still missing) is doubt.
    /// </summary>
    private static (ProviderPayout? Payout, string? Doubt) Link(Receipt receipt, ProviderProfile? profile, AwaitingPayouts awaiting)
    {
        if (awaiting.Count == 0)
        {
            return (null, null);
        }

        var text = Text(receipt);
        var named = awaiting.Named(Tokens(text.Spaced).Concat(Tokens(text.Joined)));
        if (named.Count == 1)
        {
            var payout = named[0];
            return Fits(payout, receipt.Amount.Amount)
                ? (payout, null)
                : (null, $"Der Umsatz nennt die Auszahlung {payout.PayoutId} ({payout.Profile}), aber ihre Abrechnung passt (noch) nicht: erwartet {GermanFormat.Amount(Money.Eur(payout.ExpectedBankAmount))}"
                    + (payout.LinesMatchAnnouncement ? "" : $", die Zeilen ergeben netto {GermanFormat.Amount(Money.Eur(payout.LinesNet))}") + ".");
        }

        if (named.Count > 1)
        {
            return (null, $"Der Umsatz nennt mehrere Auszahlungen ({string.Join(", ", named.Select(p => p.PayoutId))}).");
        }

        if (profile is null)
        {
            return (null, null);
        }

        var from = receipt.BookingDate.AddDays(-AmountLinkWindowDays);
        var byAmount = awaiting.All
            .Where(p => string.Equals(p.Profile, profile.Name, StringComparison.OrdinalIgnoreCase) && Fits(p, receipt.Amount.Amount)
                && (p.AnnouncedOn ?? p.LastPaymentDate) is { } date && date >= from && date <= receipt.BookingDate)
            .ToList();
        return byAmount.Count == 1 ? (byAmount[0], null) : (null, byAmount.Count > 1
            ? $"Mehrere Abrechnungen von {profile.Name} passen zu Betrag und Datum ({string.Join(", ", byAmount.Select(p => p.PayoutId))}): keine automatische Zuordnung."
            : null);

        static bool Fits(ProviderPayout payout, decimal amount) =>
            payout.LineCount > 0 && payout.LinesMatchAnnouncement && payout.ExpectedBankAmount == amount && (payout.Currency ?? "EUR") == "EUR";
    }

    private async Task BookAsync(
        ReceiptRow row,
        ProviderPayout payout,
        int seq,
        string kind,
        (long KlaerfallId, decimal Amount)? release,
        List<ReceiptRow> forMatching,
        List<DecisionToStore> decisions,
        CancellationToken cancellationToken)
    {
        var lines = (await _queries.LinesOfPayoutAsync(payout.Profile, payout.PayoutId, cancellationToken).ConfigureAwait(false))
            .Where(l => l.Kind == "transaction")
            .ToList();
        var keys = new List<(long, long)>();
        var bookings = new List<PlannedBooking>();
        if (release is { } held)
        {
            bookings.Add(new PlannedBooking(Satzart.Vwg, Money.Eur(-held.Amount), null, null, null, null, null, Zuordnung.Auto, MatchRules.ProviderPayout));
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var key = ReceiptKey.Of(row.EntryId, i + 1);
            keys.Add((key, line.Id));
            if (line.Fee != 0m)
            {
                bookings.Add(new PlannedBooking(Satzart.Geb, Money.Eur(-line.Fee), null, null, null, null, null, Zuordnung.Auto, MatchRules.ProviderFee));
            }

            var lineRow = ProviderLineReceipt.Row(line, key, row);
            var what = $"Zeile {line.LineNumber} der Abrechnung {payout.Profile}, Transaktion {line.TransactionId}, Auszahlung {payout.PayoutId}: brutto {GermanFormat.Amount(Money.Eur(line.Gross))}, Gebühr {GermanFormat.Amount(Money.Eur(line.Fee))}"
                + (line.Reference is null ? ", ohne Referenz." : $", Referenz „{line.Reference}“.");
            if (line.Gross > 0m)
            {
                _lineReasons[key] = what;
                forMatching.Add(lineRow);
            }
            else if (line.Gross < 0m)
            {
                decisions.Add(new DecisionToStore(lineRow, Refund(key, line, what), 1, "initial"));
            }
        }

        _linked.Add((payout.Id, row.EntryId, keys));
        var fees = lines.Sum(l => l.Fee);
        var how = release is null ? "" : " Der bis zum Eintreffen der Abrechnung verwahrte Betrag wird aufgelöst.";
        var decision = new MatchDecision(
            row.Receipt.Id,
            MatchOutcome.ProviderPayout,
            MatchRules.ProviderPayout,
            [
                $"Auszahlung {payout.PayoutId} von {payout.Profile}: {lines.Count} Zeile(n), brutto {GermanFormat.Amount(Money.Eur(payout.LinesGross))}, Gebühren {GermanFormat.Amount(Money.Eur(fees))}, netto {GermanFormat.Amount(Money.Eur(payout.LinesNet))} = Umsatz {GermanFormat.Amount(row.Receipt.Amount)}.",
                "Jede Zeile wird als eigener Zahlungseingang (brutto) auf ihr Kassenzeichen gebucht, die Gebühren als GEB." + how,
            ],
            bookings,
            [],
            OpensKlaerfall: false,
            []);
        var total = bookings.Aggregate(Money.Eur(0m), (sum, b) => sum + b.Amount);
        decisions.Add(new DecisionToStore(row with { Receipt = row.Receipt with { Amount = total } }, decision, seq, kind, release?.KlaerfallId));
    }

    private static MatchDecision Refund(long key, ProviderLine line, string what) => new(
        key,
        MatchOutcome.Klaerfall,
        MatchRules.ProviderRefund,
        [what, $"Erstattung an den Zahler über den Zahlungsdienstleister: {GermanFormat.Amount(Money.Eur(line.Gross))} als Verwahrgeld; bitte die zugehörige Ist-Buchung prüfen und ggf. das Soll wieder öffnen."],
        [new PlannedBooking(Satzart.Vwg, Money.Eur(line.Gross), null, null, null, null, null, Zuordnung.Auto, MatchRules.ProviderRefund)],
        [],
        OpensKlaerfall: true,
        []);

    private static MatchDecision Hold(ReceiptRow row, ProviderProfile? profile, string? doubt) => new(
        row.Receipt.Id,
        MatchOutcome.Klaerfall,
        MatchRules.ProviderPayoutWaiting,
        [
            profile is null ? "Auszahlung eines Zahlungsdienstleisters." : $"Auszahlung von {profile.Name} (erkannt an Zahlername oder Auszahlungsnummer).",
            doubt ?? "Die Abrechnung zu dieser Auszahlung liegt noch nicht vor.",
            "Der Betrag wird verwahrt, bis die passende Abrechnung eintrifft; dann werden ihre Zeilen gebucht und das Verwahrgeld aufgelöst.",
        ],
        [new PlannedBooking(Satzart.Vwg, row.Receipt.Amount, null, null, null, null, null, Zuordnung.Auto, MatchRules.ProviderPayoutWaiting)],
        [],
        OpensKlaerfall: true,
        []);

    private static MatchDecision FeeDebit(ReceiptRow row, ProviderProfile profile) => new(
        row.Receipt.Id,
        MatchOutcome.ProviderFee,
        MatchRules.ProviderMonthlyFee,
        [$"Gebührenbelastung von {profile.Name} (zahlt brutto aus, belastet die Gebühren gesondert): als GEB gebucht, kein Zahlungseingang."],
        [new PlannedBooking(Satzart.Geb, row.Receipt.Amount, null, null, null, null, null, Zuordnung.Auto, MatchRules.ProviderMonthlyFee)],
        [],
        OpensKlaerfall: false,
        []);

    private static (string Spaced, string Joined) Text(Receipt receipt)
    {
        var parts = receipt.RemittanceLines
            .Append(receipt.EndToEndId)
            .Append(receipt.CreditorReference)
            .Append(receipt.AdditionalInformation)
            .Where(p => !string.IsNullOrWhiteSpace(p))
            .ToList();
        return (string.Join(' ', parts), string.Concat(receipt.RemittanceLines));
    }

    /// <summary>
    /// The words of a text that could be a payout id: runs of letters, digits and <c>- _ . /</c>
    /// (trimmed of those at the ends), so an id counts only standing on its own, never inside a
    /// longer word or number. A set lookup per word keeps this cheap for a night of receipts.
    /// </summary>
    internal static IEnumerable<string> Tokens(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '-' or '_' or '.' or '/');
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                var token = text[start..i].Trim('-', '_', '.', '/');
                if (token.Length >= 4)
                {
                    yield return token;
                }

                start = -1;
            }
        }
    }
}
