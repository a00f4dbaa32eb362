using System.Globalization;
using System.Xml;
using PaymentRecon.Inbox;

namespace PaymentRecon.Camt;

/// <summary>
/// Reads one camt.052, camt.053 or camt.054 message (versions .001.02 to .001.13, detected from the
/// namespace) from a stream, streaming: memory stays flat whatever the file size.
/// </summary>
/// <remarks>
/// Header problems throw <see cref="CamtFormatException"/> here; problems further down throw it while
/// <see cref="CamtMessage.Statements"/> or an entry sequence is enumerated. The caller owns the
/// stream and must keep it open until the message has been read.
/// </remarks>
public static class CamtReader
{
    public static CamtMessage Read(Stream stream, string sourceName, CamtReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        options ??= CamtReaderOptions.Default;
        if (stream.CanSeek && stream.Length - stream.Position > options.MaxFileBytes)
        {
            throw new CamtFormatException(sourceName, new ImportProblem("file", null, string.Create(CultureInfo.InvariantCulture,
                $"The file has {stream.Length - stream.Position} bytes; at most {options.MaxFileBytes} are allowed (limit Camt:MaxFileBytes).")));
        }

        var parser = new CamtXmlParser(new LimitedReadStream(stream, options.MaxFileBytes), sourceName, options);
        var header = parser.ReadHeader();
        return new CamtMessage(header, new SinglePassEnumerable<CamtStatementReading>(parser.NextStatement)) { SourceName = sourceName };
    }

    /// <summary>
    /// The XML settings the reader starts from: no DTD at all (so no entity expansion, no external
    /// entities), no resolver, comments and insignificant white space skipped. For tools that read
    /// camt XML themselves, e.g. the benchmark's bare loop.
    /// </summary>
    public static XmlReaderSettings CreateXmlReaderSettings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
    };

    /// <summary>Contract form of the message type: <c>camt.052</c>, <c>camt.053</c>, <c>camt.054</c>.</summary>
    public static string TypeName(CamtMessageType type) => CamtXmlParser.TypeName(type);
}
