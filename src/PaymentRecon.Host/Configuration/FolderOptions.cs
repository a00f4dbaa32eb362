namespace PaymentRecon.Host.Configuration;

/// <summary>Where files come from and go to. Relative paths are relative to the working directory.</summary>
public sealed class FolderOptions
{
    public string Inbox { get; set; } = "inbox";

    public string Outbox { get; set; } = "outbox";

    public string Archive { get; set; } = "archive";

    public string Quarantine { get; set; } = "quarantine";

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var (name, value) in new[] { ("Inbox", Inbox), ("Outbox", Outbox), ("Archive", Archive), ("Quarantine", Quarantine) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{name} must name a folder.");
            }
        }

        var resolved = new[] { Inbox, Outbox, Archive, Quarantine }.Where(v => !string.IsNullOrWhiteSpace(v)).Select(Path.GetFullPath).ToList();
        if (resolved.Distinct(StringComparer.Ordinal).Count() != resolved.Count)
        {
            problems.Add("Inbox, Outbox, Archive and Quarantine must be four different folders.");
        }

        return problems;
    }
}
