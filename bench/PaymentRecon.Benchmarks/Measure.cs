using System.Diagnostics;
using System.Globalization;

namespace PaymentRecon.Benchmarks;

/// <summary>Wall time and peak memory of this process, as benchmarks report them.</summary>
internal static class Measure
{
    /// <summary>Peak resident set size of this process so far (VmHWM), in MiB.</summary>
    public static double PeakWorkingSetMiB()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64 / 1024.0 / 1024.0;
    }

    /// <summary>CPU time (user + system) this process has used so far.</summary>
    public static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>
    /// CPU time (user + system) the PostgreSQL backends serving the connection's database have used,
    /// read from <c>/proc</c>: null when the server is not a local process this user may read.
    /// The pooled connection that did the work is still open, so its backend is counted.
    /// </summary>
    public static async Task<TimeSpan?> DatabaseBackendCpuAsync(Npgsql.NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new Npgsql.NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database()", connection);
        var pids = new List<int>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                pids.Add(reader.GetInt32(0));
            }
        }

        var ticks = 0L;
        foreach (var pid in pids)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat");
            if (!File.Exists(path))
            {
                return null;
            }

            // Fields after the command name (which may hold blanks): state is field 3, utime 14, stime 15.
            var stat = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }

        // Linux reports these in clock ticks of 1/100 s (USER_HZ).
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>Garbage collections so far (gen 0/1/2) and the time the program was paused for them.</summary>
    public static string GarbageCollections() => string.Create(CultureInfo.InvariantCulture,
        $"GC {GC.CollectionCount(0):N0}/{GC.CollectionCount(1):N0}/{GC.CollectionCount(2):N0} (gen 0/1/2), paused {GC.GetTotalPauseDuration().TotalSeconds:N2} s");

    public static string Format(double value, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{value:N1} {unit}");

    public static async Task<(T Result, TimeSpan Elapsed)> TimeAsync<T>(Func<Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var started = Stopwatch.GetTimestamp();
        var result = await action().ConfigureAwait(false);
        return (result, Stopwatch.GetElapsedTime(started));
    }
}
