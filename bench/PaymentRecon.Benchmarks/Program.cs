using System.Text;
using PaymentRecon.Benchmarks;

Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IBenchmark).IsAssignableFrom(t))
    .Select(t => (IBenchmark)Activator.CreateInstance(t, nonPublic: true)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

var chosen = args.Length > 0 ? benchmarks.FirstOrDefault(b => b.Name == args[0]) : null;
if (chosen is null)
{
    Console.Error.WriteLine("usage: scripts/bench.sh NAME [args]");
    foreach (var benchmark in benchmarks)
    {
        Console.Error.WriteLine($"  {benchmark.Name,-10} {benchmark.Description}");
    }

    return 1;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return await chosen.RunAsync(args[1..], cancellation.Token).ConfigureAwait(false);
