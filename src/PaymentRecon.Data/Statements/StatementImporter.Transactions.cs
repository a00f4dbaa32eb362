using System.Threading.Channels;
using Dapper;
using Npgsql;

namespace PaymentRecon.Data.Statements;

/// <content>
/// The transactions of a file's statements, written on a connection of their own beside the
/// entries (see migration 0019 for why the two transactions are safe together).
/// </content>
public sealed partial class StatementImporter
{
    // hashtextextended(name, statement id): one advisory lock per statement in flight, in the key
    // space of the account locks but 64 bits wide, so the two never meet in practice.
    private const string LockLoad =
        "SELECT pg_advisory_xact_lock(hashtextextended('recon.transaction_load', @statementId))";

    // A marker whose statement is not visible and whose lock nobody holds belongs to a file whose
    // transaction ended without committing. If that transaction commits while this runs, it has
    // deleted the marker in the same commit: the DELETE then finds nothing to return.
    private const string RemoveOrphans =
        """
        WITH orphan AS (
            DELETE FROM recon.transaction_load l
            WHERE NOT EXISTS (SELECT 1 FROM recon.statement s WHERE s.id = l.statement_id)
              AND pg_try_advisory_xact_lock(hashtextextended('recon.transaction_load', l.statement_id))
            RETURNING l.statement_id)
        DELETE FROM recon.entry_transaction t USING orphan o WHERE t.statement_id = o.statement_id
        """;

    /// <summary>
    /// Deletes the transactions an import left behind when it died between the commit of its
    /// transactions and that of its file (a killed process), and the markers of a rejected file.
    /// Runs at the start of every file; the marker table is empty almost always.
    /// </summary>
    private static Task<int> RemoveOrphanedTransactionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(RemoveOrphans, transaction: transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Writes the transaction rows of a file's statements with COPY on a second connection, one
    /// statement at a time, in the order they are handed over, while the file's connection writes
    /// the entries. Nothing of a message is visible to anyone until <see cref="CommitAsync"/>, which
    /// the file's transaction must follow with its own commit; disposing without it rolls the
    /// uncommitted back, <see cref="DiscardCommittedAsync"/> deletes the rest. Also owns the row
    /// buffers of the file (the writer hands them back).
    /// </summary>
    private sealed class TransactionLoad : IAsyncDisposable
    {
        private readonly NpgsqlConnection _main;
        private readonly NpgsqlTransaction _mainTransaction;
        private readonly CancellationTokenSource _stop;
        private readonly List<long> _statements = [];
        private readonly List<long> _committed = [];
        private Channel<(BinaryCopyRows Rows, ulong Columns)>? _queue;
        private Task? _writer;
        private NpgsqlConnection? _connection;
        private NpgsqlTransaction? _transaction;

        public TransactionLoad(NpgsqlConnection main, NpgsqlTransaction mainTransaction, CancellationToken cancellationToken)
        {
            _main = main;
            _mainTransaction = mainTransaction;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        public RowBufferPool Buffers { get; } = new();

        /// <summary>
        /// Queues one chunk's rows of statement <paramref name="statementId"/> (the buffer goes back
        /// to <see cref="Buffers"/> once written). Waits while two chunks are queued; throws the
        /// writer's exception if it failed.
        /// </summary>
        public async Task AddAsync(long statementId, BinaryCopyRows rows, ulong columns, CancellationToken cancellationToken)
        {
            if (rows.Rows == 0)
            {
                Buffers.Return(rows);
                return;
            }

            if (_queue is null)
            {
                // Held by the file's transaction until it ends: the marker is never taken for an
                // orphan before that.
                await _main.ExecuteAsync(new CommandDefinition(LockLoad, new { statementId }, _mainTransaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                _statements.Add(statementId);
                _queue = Channel.CreateBounded<(BinaryCopyRows, ulong)>(new BoundedChannelOptions(QueuedChunks) { SingleReader = true, SingleWriter = true });
                var queue = _queue;
                _writer = Task.Run(() => WriteAsync(statementId, queue, _stop.Token), _stop.Token);
            }

            if (!await _queue.Writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false) || !_queue.Writer.TryWrite((rows, columns)))
            {
                // The writer stopped early: its exception is the one to report.
                Buffers.Return(rows);
                await _writer!.ConfigureAwait(false);
                throw new InvalidOperationException("The transactions' writer stopped without an error.");
            }
        }

        /// <summary>
        /// Waits until every chunk of the current statement is written; then deletes the
        /// transactions of the entries at <paramref name="knownEntryIndexes"/> (entries the
        /// statement repeats, stored once already with their own).
        /// </summary>
        public async Task EndStatementAsync(long statementId, int[] knownEntryIndexes, CancellationToken cancellationToken)
        {
            if (_queue is null)
            {
                return;
            }

            _queue.Writer.TryComplete();
            await _writer!.ConfigureAwait(false);
            _queue = null;
            _writer = null;
            if (knownEntryIndexes.Length > 0)
            {
                await _connection!.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM recon.entry_transaction WHERE statement_id = @statementId AND entry_index = ANY(@knownEntryIndexes)",
                    new { statementId, knownEntryIndexes }, _transaction, commandTimeout: 0, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Commits the transactions of the statements added since the last commit, then deletes
        /// their markers in the file's transaction. Called at the end of each message, because
        /// linking a camt.054 reads its items.
        /// </summary>
        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            if (_transaction is null)
            {
                return;
            }

            await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            await _transaction.DisposeAsync().ConfigureAwait(false);
            _transaction = null;
            FaultPoint.Reached("statement-transactions-committed");
            // Gone exactly when the entries commit.
            var statements = _statements.ToArray();
            _statements.Clear();
            _committed.AddRange(statements);
            await _main.ExecuteAsync(new CommandDefinition(
                "DELETE FROM recon.transaction_load WHERE statement_id = ANY(@statements)", new { statements }, _mainTransaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        /// <summary>
        /// After a failure, before the file's transaction is rolled back: deletes the transactions
        /// committed for earlier messages of the file, so that the file leaves nothing behind. Their
        /// markers come back with the rollback and go with the next import's orphans (touching them
        /// here would wait for the file's transaction, which waits for this).
        /// </summary>
        public async Task DiscardCommittedAsync()
        {
            if (_committed.Count == 0)
            {
                return;
            }

            await using var connection = (NpgsqlConnection)((ICloneable)_main).Clone();
            await connection.OpenAsync().ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM recon.entry_transaction WHERE statement_id = ANY(@statements)", new { statements = _committed.ToArray() }, commandTimeout: 0)).ConfigureAwait(false);
            _committed.Clear();
        }

        public async ValueTask DisposeAsync()
        {
            _queue?.Writer.TryComplete();
            await _stop.CancelAsync().ConfigureAwait(false);
            if (_writer is not null)
            {
                await _writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            if (_transaction is not null)
            {
                await _transaction.DisposeAsync().ConfigureAwait(false);
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
            }

            Buffers.Dispose();
            _stop.Dispose();
        }

        private async Task WriteAsync(long statementId, Channel<(BinaryCopyRows Rows, ulong Columns)> queue, CancellationToken cancellationToken)
        {
            try
            {
                if (_connection is null)
                {
                    // The same server, user and password; a connection of the pool when pooling is on.
                    _connection = (NpgsqlConnection)((ICloneable)_main).Clone();
                    await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                }

                if (_transaction is null)
                {
                    _transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    // Losing this commit in a crash loses nothing: the file's transaction commits
                    // after it, and its synchronous commit flushes the WAL up to there, this one's
                    // commit record included. Not waiting for the disk saves a sync per message.
                    await _connection.ExecuteAsync(new CommandDefinition("SET LOCAL synchronous_commit = off", transaction: _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                await _connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO recon.transaction_load (statement_id) VALUES (@statementId)", new { statementId }, _transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await foreach (var (rows, columns) in queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    await rows.CopyIntoAsync(_connection, CopyCommand("recon.entry_transaction", TransactionColumns, columns), cancellationToken).ConfigureAwait(false);
                    Buffers.Return(rows);
                }
            }
            catch
            {
                // Whoever queues next learns of the failure at once instead of waiting for room.
                queue.Writer.TryComplete();
                throw;
            }
        }
    }
}
