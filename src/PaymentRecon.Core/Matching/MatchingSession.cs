namespace PaymentRecon.Matching;

/// <summary>
/// One matching pass fed in chunks, so that a night of a million receipts never has to be in
/// memory at once: the caller reads receipts in the matcher's order (booking date, value date,
/// id) and hands them over chunk by chunk; open amounts carry over from chunk to chunk. The
/// decisions are exactly those of <see cref="PaymentMatcher.Match"/> over all receipts at once
/// (which is this class fed with one chunk): a receipt out of order is refused, not decided
/// differently.
/// </summary>
public sealed class MatchingSession
{
    private readonly IReadOnlyList<OpenSoll> _openSoll;
    private readonly IReadOnlyList<PriorBooking> _priorBookings;
    private readonly MatchingOptions _options;
    private readonly bool _recordForUndo;
    // The keys the pass's undoing receipts look up by; null: record every decision.
    private readonly HashSet<string>? _endToEndIds;
    private readonly HashSet<string>? _servicerReferences;
    private readonly HashSet<string>? _mandateIds;
    private readonly HashSet<string>? _kassenzeichen;
    private readonly MatchingState _state;
    private readonly KassenzeichenFinder _finder;
    private Receipt? _last;
    private SuggestionRanker? _ranker;
    private List<OpenSoll>? _debtorsNamed;

    /// <param name="openSoll">
    /// Every Soll position with what is open on it (see <see cref="OpenSoll"/>); a night's million
    /// as <see cref="SollPositions"/>, which the pass then uses as they are.
    /// </param>
    /// <param name="priorBookings">Earlier bookings that returns and reversals may undo.</param>
    /// <param name="recordForUndo">
    /// Whether a receipt of this pass may undo one decided earlier in the same pass: then every
    /// decision is recorded for it (costly at a million receipts). When false, a receipt that
    /// undoes something (<see cref="PaymentMatcher.IsUndo"/>) is refused.
    /// </param>
    public MatchingSession(IReadOnlyList<OpenSoll> openSoll, IReadOnlyList<PriorBooking> priorBookings, MatchingOptions options, bool recordForUndo)
    {
        ArgumentNullException.ThrowIfNull(openSoll);
        ArgumentNullException.ThrowIfNull(priorBookings);
        ArgumentNullException.ThrowIfNull(options);
        _openSoll = openSoll;
        _priorBookings = priorBookings;
        _options = options;
        _recordForUndo = recordForUndo;
        _state = new MatchingState(openSoll, priorBookings);
        _finder = new KassenzeichenFinder(options.AllFormats());
    }

    /// <summary>
    /// A pass whose receipts may undo ones decided earlier in it, recording only the decisions an
    /// undoing receipt can find: those whose receipt carries one of <paramref name="undoKeys"/>
    /// (<see cref="PaymentMatcher.UndoKeysOf"/> over every receipt of the pass) as EndToEndId, bank
    /// reference or mandate, or books onto one of its Kassenzeichen. A return looks its original up
    /// by nothing else, so the decisions are those of recording every one; at a million receipts
    /// with a few returns among them, recording every one kept a million earlier receipts in memory
    /// (second night: 1.8 GiB).
    /// </summary>
    public MatchingSession(IReadOnlyList<OpenSoll> openSoll, IReadOnlyList<PriorBooking> priorBookings, MatchingOptions options, UndoKeys undoKeys)
        : this(openSoll, priorBookings, options, recordForUndo: true)
    {
        ArgumentNullException.ThrowIfNull(undoKeys);
        _endToEndIds = new HashSet<string>(undoKeys.EndToEndIds, StringComparer.Ordinal);
        _servicerReferences = new HashSet<string>(undoKeys.ServicerReferences, StringComparer.Ordinal);
        _mandateIds = new HashSet<string>(undoKeys.MandateIds, StringComparer.Ordinal);
        _kassenzeichen = new HashSet<string>(undoKeys.Kassenzeichen, StringComparer.Ordinal);
    }

    /// <summary>Earlier receipts the pass can find for an undo so far (read, and recorded during the pass).</summary>
    internal int PriorReceiptCount => _state.PriorReceiptCount;

    /// <summary>The new open amount of every Soll position this pass booked onto or reopened.</summary>
    public IReadOnlyDictionary<long, Money> OpenAmounts => _state.Changed;

    /// <summary>
    /// Decides the next receipts, which must follow the ones decided so far in the matcher's order
    /// (booking date, value date, id). Suggestions are not computed here: they look at the open
    /// amounts after the whole pass (<see cref="WithSuggestions"/>).
    /// </summary>
    public IReadOnlyList<MatchDecision> Decide(IReadOnlyList<Receipt> receipts)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        if (_ranker is not null)
        {
            throw new InvalidOperationException("The pass is complete: suggestions have been computed from its final open amounts.");
        }

        var decisions = new MatchDecision[receipts.Count];
        for (var i = 0; i < receipts.Count; i++)
        {
            var receipt = receipts[i];
            if (_last is not null && Compare(_last, receipt) >= 0)
            {
                throw new ArgumentException(
                    $"Receipt {receipt.Id} comes after receipt {_last.Id} but is not later in the matching order (booking date, value date, id).", nameof(receipts));
            }

            var undoes = PaymentMatcher.IsUndo(receipt);
            if (undoes && !_recordForUndo)
            {
                throw new InvalidOperationException($"Receipt {receipt.Id} undoes an earlier payment, but the pass was started without recording its decisions for that.");
            }

            if (undoes && _endToEndIds is not null && !Covers(receipt))
            {
                // Its original might be among what the keys left out: refuse rather than decide otherwise.
                throw new InvalidOperationException($"Receipt {receipt.Id} undoes an earlier payment by a key the pass was not started with.");
            }

            _last = receipt;
            var findings = KassenzeichenFindings.Empty;
            decisions[i] = PaymentMatcher.Decide(receipt, _state, _finder, _options, ref findings);
            if (_recordForUndo && decisions[i].Bookings.Count > 0 && MayBeUndone(receipt, decisions[i]))
            {
                _state.Record(receipt, decisions[i]);
            }
        }

        return decisions;
    }

    // An undo is always recorded: it marks its original undone, which a second return of the same
    // payment must see.
    private bool MayBeUndone(Receipt receipt, MatchDecision decision) =>
        _endToEndIds is null
        || decision.OriginalReceiptId is not null
        || Contains(_endToEndIds, receipt.EndToEndId)
        || Contains(_servicerReferences!, receipt.AccountServicerReference)
        || Contains(_mandateIds!, receipt.MandateId)
        || decision.Bookings.Any(b => Contains(_kassenzeichen!, b.Kassenzeichen));

    private static bool Contains(HashSet<string> keys, string? key) => key is not null && keys.Contains(key);

    private bool Covers(Receipt receipt)
    {
        var keys = PaymentMatcher.UndoKeysWith([receipt], _finder);
        return keys.EndToEndIds.All(_endToEndIds!.Contains) && keys.ServicerReferences.All(_servicerReferences!.Contains)
            && keys.MandateIds.All(_mandateIds!.Contains) && keys.Kassenzeichen.All(_kassenzeichen!.Contains);
    }

    /// <summary>
    /// The positions with something open after the receipts decided so far: the only ones a
    /// suggestion can name (<see cref="NameDebtors"/>). In the order given, or in allocation order
    /// for <see cref="SollPositions"/>: only these are made as objects then.
    /// </summary>
    public IEnumerable<OpenSoll> OpenPositions() => _openSoll is SollPositions
        ? _state.OpenPositions()
        : _openSoll.Where(s => _state.OpenOf(s).Amount > 0m);

    /// <summary>
    /// Gives the suggestions the debtors' names and IBANs of the open positions, for a pass started
    /// with Soll that carry none: the matching itself never reads them, and a night of a million
    /// positions would keep a million names in memory for the few thousand Klärfälle at its end.
    /// Call after the last <see cref="Decide"/> and before <see cref="WithSuggestions"/>; positions
    /// missing from <paramref name="debtors"/> keep the name and IBAN they were given.
    /// </summary>
    public void NameDebtors(IReadOnlyDictionary<long, (string Name, string? Iban)> debtors)
    {
        ArgumentNullException.ThrowIfNull(debtors);
        if (_ranker is not null)
        {
            throw new InvalidOperationException("The suggestions have already been computed without the debtors' names.");
        }

        _debtorsNamed = [.. OpenPositions().Select(s => debtors.TryGetValue(s.PositionId, out var debtor) ? s with { DebtorName = debtor.Name, DebtorIban = debtor.Iban } : s)];
    }

    /// <summary>
    /// The decision with up to <see cref="MatchingOptions.MaxSuggestions"/> ranked suggestions
    /// when it opens a Klärfall for money received; any other decision as it is. Call after the
    /// last <see cref="Decide"/>: the suggestions look at what is open after the whole pass.
    /// </summary>
    public MatchDecision WithSuggestions(Receipt receipt, MatchDecision decision)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(decision);
        if (!_options.ComputeSuggestions || _options.MaxSuggestions <= 0 || !decision.OpensKlaerfall || receipt.Amount.Amount <= 0m)
        {
            return decision;
        }

        _ranker ??= new SuggestionRanker(_debtorsNamed ?? _openSoll, _state.Changed, _priorBookings, _options);
        return decision with { Suggestions = _ranker.Suggest(receipt, decision.Candidates, decision.Rule) };
    }

    /// <summary>
    /// The part of a receipt that <see cref="WithSuggestions"/> reads (amount, dates, payer name and
    /// IBAN; <see cref="SuggestionRanker"/>), for receipts that wait for the end of a pass: a night's
    /// Klärfälle need not keep their remittance text, references and bank codes until then.
    /// </summary>
    public static Receipt ForSuggestions(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return new Receipt
        {
            Id = receipt.Id,
            Amount = receipt.Amount,
            BookingDate = receipt.BookingDate,
            ValueDate = receipt.ValueDate,
            PayerName = receipt.PayerName,
            PayerIban = receipt.PayerIban,
        };
    }

    /// <summary>The matcher's order: booking date, value date, id.</summary>
    public static int Compare(Receipt left, Receipt right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var byBooking = left.BookingDate.CompareTo(right.BookingDate);
        if (byBooking != 0)
        {
            return byBooking;
        }

        var byValue = left.ValueDate.CompareTo(right.ValueDate);
        return byValue != 0 ? byValue : left.Id.CompareTo(right.Id);
    }
}
