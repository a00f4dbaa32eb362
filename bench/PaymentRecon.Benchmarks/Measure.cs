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
