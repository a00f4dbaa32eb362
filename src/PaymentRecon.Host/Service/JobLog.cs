using System.Collections.Concurrent;
using PaymentRecon.Data.Service;

namespace PaymentRecon.Host.Service;

/// <summary>
/// Collects the log lines written while a job runs (through <see cref="JobLogCaptureProvider"/>) and
/// stores them in <c>recon.job_log</c> every few seconds and at the end, so the job's page in the
/// dashboard shows its progress.
/// </summary>
internal sealed class JobLog : IAsyncDisposable
{
    private static readonly AsyncLocal<JobLog?> CurrentLog = new();
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(3);

    private readonly ConcurrentQueue<JobLogLine> _pending = new();
    private readonly JobLogStore _store;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _flushing;
    private readonly SemaphoreSlim _flushLock = new(1, 1);

    private JobLog(string jobId, JobLogStore store, TimeProvider time)
    {
        JobId = jobId;
        Time = time;
        _store = store;
        _flushing = FlushPeriodicallyAsync();
    }

    /// <summary>The log of the job running on this async flow, if any.</summary>
    public static JobLog? Current => CurrentLog.Value;

    public string JobId { get; }

    public TimeProvider Time { get; }

    public static JobLog Begin(string jobId, JobLogStore store, TimeProvider time)
    {
        var log = new JobLog(jobId, store, time);
        CurrentLog.Value = log;
        return log;
    }

    public void Add(LogLevel level, string category, string message) =>
        _pending.Enqueue(new JobLogLine(JobId, Time.GetUtcNow().UtcDateTime, level.ToString(), category, message));

    public async ValueTask DisposeAsync()
    {
        CurrentLog.Value = null;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _flushing.ConfigureAwait(false);
        // The last lines, even when the job was cancelled.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await FlushAsync(timeout.Token).ConfigureAwait(false);
        _stop.Dispose();
        _flushLock.Dispose();
    }

    private async Task FlushPeriodicallyAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(FlushInterval, Time, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await FlushAsync(_stop.Token).ConfigureAwait(false);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _flushLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            var batch = new List<JobLogLine>();
            while (_pending.TryDequeue(out var line))
            {
                batch.Add(line);
            }

            await _store.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The job log is a convenience; losing it must never fail the run.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            _flushLock.Release();
        }
    }
}
