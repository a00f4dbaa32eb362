namespace PaymentRecon.Data.Files;

/// <summary>What became of one inbox file (<c>recon.import_file.status</c>).</summary>
public enum InboxFileStatus
{
    /// <summary>Taken whole; moved to the archive.</summary>
    Imported = 1,

    /// <summary>The same bytes were imported before: nothing changed; moved to the archive.</summary>
    Duplicate = 2,

    /// <summary>Rejected whole: moved to the quarantine with <c>FILE.error.txt</c>.</summary>
    Quarantined = 3,
}
