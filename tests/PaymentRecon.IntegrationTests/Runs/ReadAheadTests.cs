using System.Runtime.CompilerServices;
using PaymentRecon.Host.Runs;

namespace PaymentRecon.IntegrationTests.Runs;

public sealed class ReadAheadTests
{
    [Fact]
    public async Task Gives_every_item_in_the_source_order_while_reading_ahead_by_at_most_the_capacity()
    {
        var produced = 0;
        async IAsyncEnumerable<int> Source([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            for (var i = 0; i < 50; i++)
            {
                await Task.Yield();
                Interlocked.Increment(ref produced);
                yield return i;
            }
        }

        await using var ahead = ReadAhead<int>.Start(Source(), 2, CancellationToken.None);
        var seen = new List<int>();
        await foreach (var item in ahead.ReadAllAsync(CancellationToken.None))
        {
            // The source waits while the consumer works: the item handed over, two buffered, one being written.
            await Task.Delay(1);
            Volatile.Read(ref produced).Should().BeLessThanOrEqualTo(item + 4);
            seen.Add(item);
        }

        seen.Should().Equal(Enumerable.Range(0, 50));
    }

    [Fact]
    public async Task Gives_the_source_error_after_the_items_before_it()
    {
        static async IAsyncEnumerable<int> Source()
        {
            yield return 1;
            yield return 2;
            await Task.Yield();
            throw new InvalidOperationException("database gone");
        }

        await using var ahead = ReadAhead<int>.Start(Source(), 1, CancellationToken.None);
        var seen = new List<int>();
        var read = async () =>
        {
            await foreach (var item in ahead.ReadAllAsync(CancellationToken.None))
            {
                seen.Add(item);
            }
        };

        await read.Should().ThrowAsync<InvalidOperationException>().WithMessage("database gone");
        seen.Should().Equal(1, 2);
    }

    [Fact]
    public async Task Disposing_stops_the_source_even_when_nobody_reads()
    {
        var stopped = new TaskCompletionSource();
        async IAsyncEnumerable<int> Source([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            try
            {
                for (var i = 0; ; i++)
                {
                    await Task.Delay(1, cancellationToken);
                    yield return i;
                }
            }
            finally
            {
                stopped.SetResult();
            }
        }

        var ahead = ReadAhead<int>.Start(Source(), 2, CancellationToken.None);
        await Task.Delay(20);
        await ahead.DisposeAsync();

        stopped.Task.IsCompleted.Should().BeTrue();
    }
}
