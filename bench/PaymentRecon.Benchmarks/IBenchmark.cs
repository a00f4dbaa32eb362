namespace PaymentRecon.Benchmarks;

/// <summary>
/// One benchmark, found by reflection and run as <c>scripts/bench.sh NAME [args]</c>. Each prints
/// its figures on standard output, one per line, in words a reader of the README understands.
/// </summary>
internal interface IBenchmark
{
    /// <summary>The word after <c>scripts/bench.sh</c>, e.g. <c>camt</c>.</summary>
    string Name { get; }

    string Description { get; }

    Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken);
}
