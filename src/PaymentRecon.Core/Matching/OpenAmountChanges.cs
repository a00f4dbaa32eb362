using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace PaymentRecon.Matching;

/// <summary>
/// The new open amount of every Soll position a pass booked onto or reopened, keyed by position
/// id, in the order the pass first changed them. A live view of <see cref="MatchingState"/>: a
/// dictionary grown to a million entries during the pass would be rebuilt on the large-object heap
/// at every doubling, and each of those left the old arrays for a full garbage collection.
/// </summary>
internal sealed class OpenAmountChanges : IReadOnlyDictionary<long, Money>
{
    private readonly MatchingState _state;

    public OpenAmountChanges(MatchingState state) => _state = state;

    public int Count => _state.ChangedCount;

    public Money this[long key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"Soll position {key} was not changed by this pass.");

    public IEnumerable<long> Keys => this.Select(p => p.Key);

    public IEnumerable<Money> Values => this.Select(p => p.Value);

    public bool ContainsKey(long key) => _state.TryGetChanged(key, out _);

    public bool TryGetValue(long key, [MaybeNullWhen(false)] out Money value) => _state.TryGetChanged(key, out value);

    public IEnumerator<KeyValuePair<long, Money>> GetEnumerator()
    {
        for (var i = 0; i < _state.ChangedCount; i++)
        {
            yield return _state.ChangedAt(i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
