namespace PaymentRecon.Camt;

/// <summary>
/// One camt message as it is being read: its header, then its statements one after the other.
/// <see cref="Statements"/> and each statement's entries stream from the file and can be enumerated
/// once, in order: memory stays flat whatever the file size.
/// </summary>
public sealed class CamtMessage
{
    public CamtMessage(CamtMessageHeader header, IEnumerable<CamtStatementReading> statements)
    {
        Header = header;
        Statements = statements;
    }

    public CamtMessageHeader Header { get; }

    /// <summary>The file it was read from; for a ZIP entry <c>archive.zip!entry.xml</c>.</summary>
    public string SourceName { get; init; } = "";

    /// <summary>Single pass: a statement's entries must be read before moving to the next statement.</summary>
    public IEnumerable<CamtStatementReading> Statements { get; }
}
