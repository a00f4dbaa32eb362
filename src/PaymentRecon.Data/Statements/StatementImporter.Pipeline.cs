using System.Collections.Concurrent;
using System.Threading.Channels;
using Npgsql;
using PaymentRecon.Camt;
using PaymentRecon.Inbox;

namespace PaymentRecon.Data.Statements;

/// <content>
/// Reading and writing a statement's entries at the same time: one task reads the entries (the
/// XML parser, for a file), checks them, adds up the totals and computes their identity keys, one
/// chunk at a time; the importing task writes the finished chunks' entries with COPY meanwhile, and
/// a third task their transactions on a second connection (<see cref="TransactionLoad"/>). On two
/// cores the parse and the COPYs no longer take turns, and the server runs both COPYs at once.
/// </content>
public sealed partial class StatementImporter
{
    // Chunks finished by the reader and not yet written: two keep both sides busy while memory
    // stays at a few chunks (a reader chunk, two queued, one being written).
    private const int QueuedChunks = 2;

    /// <summary>
    /// Reads every entry of the statement and writes it (direct or staged, see
    /// <see cref="FlushAsync"/>), its transactions through <paramref name="transactions"/> (none for
    /// a statement already imported, <paramref name="mayGoDirect"/> false, whose entries are only
    /// compared); returns the number written straight into <c>recon.entry</c>.
    /// <paramref name="totals"/> and <paramref name="problems"/> are complete when it returns. An
    /// exception of the reading side (a <see cref="CamtFormatException"/> from the file) is thrown
    /// as it is; when the writing side fails, the reading side is stopped before the exception
    /// leaves, so nothing reads the file after the import gave up.
    /// </summary>
    private async Task<int> PipelineEntriesAsync(
        IEnumerable<Entry> entries,
        StatementTotals totals,
        List<ImportProblem> problems,
        StagedStatement staged,
        bool mayGoDirect,
        TransactionLoad transactions,
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        var buffers = transactions.Buffers;
        var channel = Channel.CreateBounded<PreparedChunk>(new BoundedChannelOptions(QueuedChunks) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = Task.Run(() => ReadChunksAsync(entries, totals, problems, staged, mayGoDirect, buffers, channel.Writer, stop.Token), stop.Token);
        var direct = 0;
        var stored = new StoredReferences();
        try
        {
            await foreach (var chunk in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                direct += await FlushAsync(connection, transaction, staged, stored, chunk, mayGoDirect, cancellationToken).ConfigureAwait(false);
                buffers.Return(chunk.EntryRows);
                await transactions.AddAsync(staged.StatementId, chunk.TransactionRows, chunk.TransactionColumnsKept, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        await reader.ConfigureAwait(false);
        return direct;
    }

    private async Task ReadChunksAsync(
        IEnumerable<Entry> entries,
        StatementTotals totals,
        List<ImportProblem> problems,
        StagedStatement staged,
        bool withTransactions,
        RowBufferPool buffers,
        ChannelWriter<PreparedChunk> writer,
        CancellationToken cancellationToken)
    {
        try
        {
            var fingerprints = new FingerprintWriter();
            var chunk = new List<Entry>(_chunkSize);
            foreach (var entry in entries)
            {
                totals.Add(entry);
                if (Validate(entry, problems))
                {
                    chunk.Add(entry);
                }

                if (chunk.Count == _chunkSize)
                {
                    await writer.WriteAsync(Prepare(chunk, fingerprints, staged, withTransactions, buffers), cancellationToken).ConfigureAwait(false);
                    chunk = new List<Entry>(_chunkSize);
                }
            }

            if (chunk.Count > 0)
            {
                await writer.WriteAsync(Prepare(chunk, fingerprints, staged, withTransactions, buffers), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // The writing side ends its loop either way; an exception reaches it through the task.
            writer.TryComplete();
        }
    }

    /// <summary>
    /// The identity keys of a chunk, whether any of them repeats within it, and its rows in binary
    /// COPY format (the transactions only when they are to be stored: not for a duplicate statement).
    /// </summary>
    private static PreparedChunk Prepare(List<Entry> chunk, FingerprintWriter fingerprints, StagedStatement staged, bool withTransactions, RowBufferPool buffers)
    {
        var keys = new EntryKeys[chunk.Count];
        var distinct = new HashSet<byte[]>(chunk.Count, ByteArrayComparer.Instance);
        var repeated = false;
        var entryRows = buffers.Rent();
        var transactionRows = buffers.Rent();
        for (var i = 0; i < chunk.Count; i++)
        {
            var entry = chunk[i];
            var reference = EntryIdentity.UsableReference(entry);
            var fingerprint = EntryIdentity.Fingerprint(entry, fingerprints);
            var identity = reference is null ? fingerprint : EntryIdentity.ReferenceKey(reference);
            keys[i] = new EntryKeys(reference is null ? "fingerprint" : "ref", identity, fingerprint);
            repeated |= !distinct.Add(identity);
            WriteEntry(entryRows, entry, keys[i], staged);
            if (withTransactions)
            {
                foreach (var transaction in entry.Transactions)
                {
                    WriteTransaction(transactionRows, staged.StatementId, entry.Index, transaction);
                }
            }
        }

        // Most optional columns are null in every row of a chunk (no charges, no batch, no return):
        // left out of the COPY, the server neither reads nor checks them.
        var entryColumns = entryRows.ValuedColumns;
        var transactionColumns = transactionRows.ValuedColumns;
        entryRows.KeepColumns(entryColumns);
        transactionRows.KeepColumns(transactionColumns);
        return new PreparedChunk(keys, repeated, entryRows, entryColumns, transactionRows, transactionColumns);
    }

    /// <summary>A chunk ready to be written; the masks say which columns its rows still have (bit n: column n of the COPY).</summary>
    private sealed record PreparedChunk(EntryKeys[] Keys, bool Repeated, BinaryCopyRows EntryRows, ulong EntryColumnsKept, BinaryCopyRows TransactionRows, ulong TransactionColumnsKept);

    /// <summary>
    /// The row buffers of one statement, handed back by the writing task and reused by the reading
    /// task: a handful of buffers of a few MiB for the whole statement. Renting fresh ones per chunk
    /// from the shared pool on one thread and returning them on another can miss the pool, and each
    /// miss is a new large-object array that only a full collection frees.
    /// </summary>
    private sealed class RowBufferPool : IDisposable
    {
        private readonly ConcurrentQueue<BinaryCopyRows> _free = new();
        private readonly ConcurrentQueue<BinaryCopyRows> _all = new();

        public BinaryCopyRows Rent()
        {
            if (_free.TryDequeue(out var rows))
            {
                return rows;
            }

            rows = new BinaryCopyRows(1 << 21);
            _all.Enqueue(rows);
            return rows;
        }

        public void Return(BinaryCopyRows rows)
        {
            rows.Clear();
            _free.Enqueue(rows);
        }

        public void Dispose()
        {
            while (_all.TryDequeue(out var rows))
            {
                rows.Dispose();
            }
        }
    }
}
