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
}
