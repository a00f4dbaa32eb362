using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace PaymentRecon.Host.Runs;

/// <summary>
/// Enumerates a source on a task of its own from the moment it is started, up to a number of
/// items ahead of the consumer: while the reconciliation loads the Soll and then decides and
/// stores one chunk of receipts, the next is read from the database and mapped. The order is the
/// source's; an error of the source reaches the consumer at the item where it happened; disposing
/// stops the source.
/// </summary>
internal sealed class ReadAhead<T> : IAsyncDisposable
{
    private readonly Channel<T> _channel;
    private readonly CancellationTokenSource _stop;
    private readonly Task _completion;

    private ReadAhead(IAsyncEnumerable<T> source, int capacity, CancellationToken cancellationToken)
    {
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ProduceAsync(source, _channel.Writer, _stop.Token), CancellationToken.None);
        // Completes the channel with the producer's outcome, whatever it was: the consumer sees the
        // source's exception instead of waiting for items that never come.
        _completion = producer.ContinueWith(
            t => _channel.Writer.TryComplete(t.IsFaulted ? t.Exception.InnerException : t.IsCanceled ? new OperationCanceledException(_stop.Token) : null),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public static ReadAhead<T> Start(IAsyncEnumerable<T> source, int capacity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        return new ReadAhead<T>(source, capacity, cancellationToken);
    }

    /// <summary>The source's items in its order; throws what the source threw.</summary>
    public async IAsyncEnumerable<T> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in _channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }

        await _channel.Reader.Completion.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _completion.ConfigureAwait(false);
        _stop.Dispose();
    }

    private static async Task ProduceAsync(IAsyncEnumerable<T> source, ChannelWriter<T> writer, CancellationToken cancellationToken)
    {
        await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
    }
}
