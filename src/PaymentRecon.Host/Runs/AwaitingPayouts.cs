using PaymentRecon.Data.Providers;

namespace PaymentRecon.Host.Runs;

/// <summary>
/// The payouts not linked to a bank entry yet, indexed by payout id (case ignored), so that each of
/// a night's receipts looks up its words instead of scanning every payout. A payout linked in this
/// pass drops out.
/// </summary>
internal sealed class AwaitingPayouts
{
    private readonly List<ProviderPayout> _payouts;
    private readonly Dictionary<string, List<ProviderPayout>> _byId = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<long> _linked = [];

    public AwaitingPayouts(IReadOnlyList<ProviderPayout> payouts)
    {
        _payouts = [.. payouts];
        foreach (var payout in payouts)
        {
            if (!_byId.TryGetValue(payout.PayoutId, out var list))
            {
                _byId[payout.PayoutId] = list = [];
            }

            list.Add(payout);
        }
    }

    public int Count => _payouts.Count - _linked.Count;

    /// <summary>Every payout still waiting.</summary>
    public IEnumerable<ProviderPayout> All => _payouts.Where(p => !_linked.Contains(p.Id));

    /// <summary>The waiting payouts whose id is one of <paramref name="words"/>.</summary>
    public List<ProviderPayout> Named(IEnumerable<string> words) =>
        [.. words.SelectMany(w => _byId.TryGetValue(w, out var list) ? list : []).Where(p => !_linked.Contains(p.Id)).DistinctBy(p => p.Id)];

    public void Linked(ProviderPayout payout) => _linked.Add(payout.Id);
}
