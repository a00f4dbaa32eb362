using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace PaymentRecon.Benchmarks;

/// <summary>
/// With <c>PAYMENTRECON_BENCH_GC=1</c> the run benchmark prints every garbage collection (time,
/// generation, the runtime's reason, pause) and a summary by generation and reason: the totals of
/// <see cref="Measure.GarbageCollections"/> say how much, this says why.
/// </summary>
internal sealed class GcLog : EventListener
{
    private static readonly string[] Reasons =
    [
        "AllocSmall", "Induced", "LowMemory", "Empty", "AllocLarge", "OutOfSpaceSOH", "OutOfSpaceLOH",
        "InducedNotForced", "Internal", "InducedLowMemory", "InducedCompacting", "LowMemoryHost", "PMFullGC", "LowMemoryHostBlocking",
    ];

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly ConcurrentQueue<(double At, int Generation, string Reason, double PauseMs, string Heap)> _collections = new();
    private int _generation;
    private string _reason = "";
    private DateTime _suspended;
    private string _heap = "";
    private bool _enabled;

    public static GcLog? StartIfAsked() =>
        Environment.GetEnvironmentVariable("PAYMENTRECON_BENCH_GC") == "1" ? new GcLog() : null;

    private GcLog()
    {
        _enabled = true;
        foreach (var source in EventSource.GetSources())
        {
            OnEventSourceCreated(source);
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        // The base constructor calls this before this constructor's body has run.
        if (_enabled && eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Informational, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        switch (eventData.EventName)
        {
            case "GCSuspendEEBegin_V1":
                _suspended = eventData.TimeStamp;
                break;
            case "GCHeapStats_V2":
                // Sizes after the collection: gen 2, large objects; promoted into gen 2 by it.
                _heap = string.Create(CultureInfo.InvariantCulture,
                    $"gen2 {Convert.ToUInt64(eventData.Payload![4], CultureInfo.InvariantCulture) / 1048576.0,6:0} MiB, loh {Convert.ToUInt64(eventData.Payload[6], CultureInfo.InvariantCulture) / 1048576.0,5:0} MiB, promoted {Convert.ToUInt64(eventData.Payload[3], CultureInfo.InvariantCulture) / 1048576.0,5:0}/{Convert.ToUInt64(eventData.Payload[5], CultureInfo.InvariantCulture) / 1048576.0,5:0} MiB");
                break;
            case "GCStart_V2":
                _generation = Convert.ToInt32(eventData.Payload![1], CultureInfo.InvariantCulture);
                var reason = Convert.ToInt32(eventData.Payload[2], CultureInfo.InvariantCulture);
                _reason = reason < Reasons.Length ? Reasons[reason] : reason.ToString(CultureInfo.InvariantCulture);
                break;
            case "GCRestartEEEnd_V1" when _suspended != default:
                _collections.Enqueue((Stopwatch.GetElapsedTime(_started).TotalSeconds, _generation, _reason, (eventData.TimeStamp - _suspended).TotalMilliseconds, _heap));
                _suspended = default;
                break;
        }
    }

    public void Print(TextWriter writer)
    {
        foreach (var (at, generation, reason, pause, heap) in _collections.Where(c => c.Generation > 0))
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GC at {at,7:0.00} s gen {generation} {reason,-16} {pause,7:0.0} ms, {heap}"));
        }

        foreach (var group in _collections.GroupBy(c => (c.Generation, c.Reason)).OrderBy(g => g.Key.Generation).ThenBy(g => g.Key.Reason, StringComparer.Ordinal))
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"gen {group.Key.Generation} {group.Key.Reason,-16} {group.Count(),5} collections {group.Sum(c => c.PauseMs) / 1000,7:0.00} s paused"));
        }
    }
}
