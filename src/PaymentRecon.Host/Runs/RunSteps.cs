namespace PaymentRecon.Host.Runs;

/// <summary>
/// The steps of the nightly run, in their order. The command line runs them one after the other in
/// its process; the service runs each as a Hangfire job of its own that queues the next.
/// </summary>
public static class RunSteps
{
    public const string Receivables = "receivables";
    public const string Statements = "statements";
    public const string ProvidersAndSepa = "providersAndSepa";
    public const string Reconcile = "reconcile";

    /// <summary>The control sum, then the booking file when it holds.</summary>
    public const string Export = "export";

    /// <summary>The run report; the run is finished after it.</summary>
    public const string Report = "report";

    public static IReadOnlyList<string> All { get; } = [Receivables, Statements, ProvidersAndSepa, Reconcile, Export, Report];

    /// <summary>The step after <paramref name="step"/>, or null after the last.</summary>
    public static string? Next(string step)
    {
        var index = IndexOf(step);
        return index + 1 < All.Count ? All[index + 1] : null;
    }

    public static bool IsKnown(string step) => All.Contains(step, StringComparer.Ordinal);

    private static int IndexOf(string step)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], step, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(step), step, "Not a step of the nightly run.");
    }
}
