namespace PaymentRecon.IntegrationTests.Receivables;

/// <summary>The repository's <c>fixtures/</c> folder, found from the test's output folder upwards.</summary>
internal static class FixtureFolder
{
    public static string Receivables { get; } = Find("receivables");

    private static string Find(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "fixtures", name);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"fixtures/{name} not found above {AppContext.BaseDirectory}");
    }
}
