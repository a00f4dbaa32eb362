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
            if (Stat(pid) is not { } backend)
            {
                return null;
            }

            ticks += backend.Ticks;
        }

        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>
    /// CPU time (user + system) of the whole PostgreSQL server the connection talks to: the
    /// postmaster, every process it runs now (backends of every database, checkpointer, WAL writer,
    /// autovacuum) and every one that has ended (the kernel adds those to the postmaster's children
    /// times). Read from <c>/proc</c>; null when the server is not a local process this user may read.
    /// Unlike <see cref="DatabaseBackendCpuAsync"/> it keeps what connections closed meanwhile and
    /// the server's own background work used.
    /// </summary>
    public static async Task<TimeSpan?> ServerCpuAsync(Npgsql.NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new Npgsql.NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        if (Stat(backend) is not { } own || Stat(own.Parent) is not { } server)
        {
            return null;
        }

        var postmaster = own.Parent;

        var ticks = server.Ticks + server.ChildrenTicks;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Stat(pid) is { } process && process.Parent == postmaster)
            {
                ticks += process.Ticks;
            }
        }

        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>Time all cores of this machine spent idle (or waiting for I/O) since it started: the first line of <c>/proc/stat</c>.</summary>
    public static TimeSpan? MachineIdle()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return TimeSpan.FromSeconds((long.Parse(fields[4], CultureInfo.InvariantCulture) + long.Parse(fields[5], CultureInfo.InvariantCulture)) / 100.0);
        }
        catch (IOException)
        {
            return null;
        }
    }

    // Fields after the command name (which may hold blanks): ppid is field 4, utime 14, stime 15,
    // cutime 16, cstime 17, in clock ticks of 1/100 s (USER_HZ). A process may end while being read.
    private static (int Parent, long Ticks, long ChildrenTicks)? Stat(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return ((int)Field(4), Field(14) + Field(15), Field(16) + Field(17));
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
