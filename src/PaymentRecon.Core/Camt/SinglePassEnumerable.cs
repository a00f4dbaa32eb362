using System.Collections;

namespace PaymentRecon.Camt;

/// <summary>
/// A sequence read straight from the file: it can be enumerated once. Each step asks
/// <c>next</c> for the following item; null ends the sequence.
/// </summary>
internal sealed class SinglePassEnumerable<T> : IEnumerable<T>
    where T : class
{
    private readonly Func<T?> _next;
    private bool _started;

    public SinglePassEnumerable(Func<T?> next) => _next = next;

    public IEnumerator<T> GetEnumerator()
    {
        if (_started)
        {
            throw new InvalidOperationException("This camt sequence streams from the file and can be enumerated only once.");
        }

        _started = true;
        return Enumerate(_next);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static IEnumerator<T> Enumerate(Func<T?> next)
    {
        while (next() is { } item)
        {
            yield return item;
        }
    }
}
