namespace PaymentRecon.Host.Runs;

/// <summary>The four folders of one run.</summary>
public sealed record RunFolders(string Inbox, string Outbox, string Archive, string Quarantine)
{
    public string Statements => Path.Combine(Inbox, "statements");

    public string Receivables => Path.Combine(Inbox, "receivables");

    /// <summary>Provider settlement reports, one sub-folder per profile: <c>providers/PROFILE/</c>.</summary>
    public string Providers => Path.Combine(Inbox, "providers");

    /// <summary>Own SEPA files: submitted pain.008 and pain.002 status reports.</summary>
    public string Sepa => Path.Combine(Inbox, "sepa");

    /// <summary>Creates whatever is missing, so a fresh installation runs on an empty inbox.</summary>
    public void EnsureExist()
    {
        foreach (var folder in new[] { Statements, Receivables, Providers, Sepa, Outbox, Archive, Quarantine })
        {
            Directory.CreateDirectory(folder);
        }
    }
}
