namespace PaymentRecon.Host.Runs;

/// <summary>The four folders of one run.</summary>
public sealed record RunFolders(string Inbox, string Outbox, string Archive, string Quarantine)
{
    public string Statements => Path.Combine(Inbox, "statements");

    public string Receivables => Path.Combine(Inbox, "receivables");

    /// <summary>Creates whatever is missing, so a fresh installation runs on an empty inbox.</summary>
    public void EnsureExist()
    {
        foreach (var folder in new[] { Statements, Receivables, Outbox, Archive, Quarantine })
        {
            Directory.CreateDirectory(folder);
        }
    }
}
