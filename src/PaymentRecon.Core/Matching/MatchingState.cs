namespace PaymentRecon.Matching;

/// <summary>
/// The mutable view of one matching pass: open amounts as they are consumed, Soll positions by
/// Kassenzeichen, and earlier receipts by the keys returns and reversals use.
/// </summary>
internal sealed class MatchingState
{
    // Every position once, packed in allocation order (SollPositions). What is open on each, as
    // this pass leaves it; _changedAt lists the indexes the pass changed, in the order it first
    // changed them (the view Changed walks it).
    private readonly SollPositions _soll;
    private readonly decimal[] _open;
    private readonly bool[] _isChanged;
    private readonly List<int> _changedAt = [];
    private readonly Dictionary<long, PriorReceipt> _priors = [];
    private readonly Dictionary<string, List<PriorReceipt>> _byEndToEnd = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PriorReceipt>> _byMandate = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PriorReceipt>> _byServicerRef = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PriorReceipt>> _byKassenzeichen2 = new(StringComparer.Ordinal);

    /// <param name="soll">Packed as it is when it is <see cref="SollPositions"/>, else packed here.</param>
    public MatchingState(IReadOnlyList<OpenSoll> soll, IReadOnlyList<PriorBooking> priorBookings)
    {
        _soll = SollPositions.From(soll);
        _open = _soll.CopyOpenAmounts();
        _isChanged = new bool[_open.Length];
        Changed = new OpenAmountChanges(this);
        foreach (var booking in priorBookings.OrderBy(b => b.ReceiptId).ThenBy(b => b.BookingDate))
        {
            AddPrior(booking);
        }

        foreach (var prior in _priors.Values)
        {
            if (prior.ReversesReceiptId is { } original && _priors.TryGetValue(original, out var undone))
            {
                undone.Undone = true;
            }
        }
    }

    /// <summary>The new open amount of every position this pass changed (a live view).</summary>
    public IReadOnlyDictionary<long, Money> Changed { get; }

    public int ChangedCount => _changedAt.Count;

    public KeyValuePair<long, Money> ChangedAt(int index)
    {
        var position = _changedAt[index];
        return new(_soll.PositionId(position), Open(position));
    }

    public bool TryGetChanged(long positionId, out Money open)
    {
        if (_soll.TryGetIndex(positionId, out var index) && _isChanged[index])
        {
            open = Open(index);
            return true;
        }

        open = default;
        return false;
    }

    /// <summary>The positions of a Kassenzeichen in allocation order (oldest due date first), made for this call.</summary>
    public bool TryGetPositions(string kassenzeichen, out ArraySegment<OpenSoll> positions)
    {
        if (!_soll.TryGetRange(kassenzeichen, out var start, out var count))
        {
            positions = default;
            return false;
        }

        var array = new OpenSoll[count];
        for (var i = 0; i < count; i++)
        {
            array[i] = _soll.Position(start + i, kassenzeichen);
        }

        positions = array;
        return true;
    }

    /// <summary>The positions with something open as this pass leaves them so far, in allocation order, as they were read.</summary>
    public IEnumerable<OpenSoll> OpenPositions()
    {
        for (var i = 0; i < _open.Length; i++)
        {
            if (_open[i] > 0m)
            {
                yield return _soll.Position(i, null);
            }
        }
    }

    public Money OpenOf(OpenSoll position) => _soll.TryGetIndex(position.PositionId, out var index)
        ? Open(index)
        : throw new KeyNotFoundException($"Soll position {position.PositionId} is not part of this pass.");

    public Money OpenTotal(ArraySegment<OpenSoll> positions)
    {
        var total = 0m;
        foreach (var position in positions)
        {
            var open = OpenOf(position).Amount;
            if (open > 0m)
            {
                total += open;
            }
        }

        return Money.Eur(total);
    }

    public void Book(long positionId, Money amount)
    {
        if (!_soll.TryGetIndex(positionId, out var index))
        {
            return;
        }

        var open = Open(index) - amount;
        _open[index] = open.Amount;
        if (!_isChanged[index])
        {
            _isChanged[index] = true;
            _changedAt.Add(index);
        }
    }

    private Money Open(int index) => new(_open[index], _soll.Currency(index));

    public IEnumerable<PriorReceipt> ByEndToEnd(string key) => Lookup(_byEndToEnd, key);

    public IEnumerable<PriorReceipt> ByMandate(string key) => Lookup(_byMandate, key);

    public IEnumerable<PriorReceipt> ByServicerRef(string key) => Lookup(_byServicerRef, key);

    public IEnumerable<PriorReceipt> ByKassenzeichen(string key) => Lookup(_byKassenzeichen2, key);

    public int PriorReceiptCount => _priors.Count;

    /// <summary>Makes this pass's lines for a receipt findable for later returns and reversals in the same pass.</summary>
    public void Record(Receipt receipt, MatchDecision decision)
    {
        foreach (var line in decision.Bookings)
        {
            AddPrior(new PriorBooking(
                receipt.Id, line.Satzart, line.Amount, receipt.EndToEndId, receipt.MandateId, receipt.AccountServicerReference,
                line.Kassenzeichen, line.PositionId, line.AnordnungsNr, line.Verfahren, line.Haushaltsstelle, receipt.BookingDate,
                decision.OriginalReceiptId, receipt.PayerIban));
        }

        if (decision.OriginalReceiptId is { } original && _priors.TryGetValue(original, out var undone))
        {
            undone.Undone = true;
        }
    }

    private void AddPrior(PriorBooking booking)
    {
        if (!_priors.TryGetValue(booking.ReceiptId, out var prior))
        {
            prior = new PriorReceipt(booking.ReceiptId, booking.BookingDate);
            _priors[booking.ReceiptId] = prior;
            Index(_byEndToEnd, booking.EndToEndId, prior);
            Index(_byMandate, booking.MandateId, prior);
            Index(_byServicerRef, booking.AccountServicerReference, prior);
        }

        prior.Lines.Add(booking);
        prior.EndToEndId ??= booking.EndToEndId;
        prior.MandateId ??= booking.MandateId;
        prior.AccountServicerReference ??= booking.AccountServicerReference;
        prior.ReversesReceiptId ??= booking.ReversesReceiptId;
        if (booking.Kassenzeichen is not null && !(_byKassenzeichen2.TryGetValue(booking.Kassenzeichen, out var list) && list.Contains(prior)))
        {
            Index(_byKassenzeichen2, booking.Kassenzeichen, prior);
        }
    }

    private static void Index(Dictionary<string, List<PriorReceipt>> index, string? key, PriorReceipt prior)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Equals("NOTPROVIDED", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index[key] = list;
        }

        list.Add(prior);
    }

    private static List<PriorReceipt> Lookup(Dictionary<string, List<PriorReceipt>> index, string? key) =>
        key is not null && index.TryGetValue(key, out var list) ? list : [];
}
