namespace PaymentRecon.Camt;

/// <summary>One statement (<c>Stmt</c>, <c>Rpt</c> or <c>Ntfctn</c>) while it is read: header first, entries streamed.</summary>
public sealed class CamtStatementReading
{
    public CamtStatementReading(StatementHeader header, IEnumerable<Entry> entries)
    {
        Header = header;
        Entries = entries;
    }

    public StatementHeader Header { get; }

    /// <summary>Single pass, in file order.</summary>
    public IEnumerable<Entry> Entries { get; }

    /// <summary>
    /// camt: <c>AddtlStmtInf</c> (<c>AddtlRptInf</c>, <c>AddtlNtfctnInf</c>). It follows the entries in
    /// the file, so it is known only once <see cref="Entries"/> has been read to the end.
    /// </summary>
    public string? AdditionalInformation { get; private set; }

    /// <summary>True once every entry has been read.</summary>
    public bool IsComplete { get; private set; }

    internal void Complete(string? additionalInformation)
    {
        AdditionalInformation = additionalInformation;
        IsComplete = true;
    }
}
