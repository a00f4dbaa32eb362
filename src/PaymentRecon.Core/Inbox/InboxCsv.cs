using System.Text;
using CsvHelper;

namespace PaymentRecon.Inbox;

/// <summary>What every CSV inbox file (Soll-Stellungen, provider reports) is read with.</summary>
public static class InboxCsv
{
    /// <summary>
    /// The encoding a profile names, strict: a byte sequence the encoding does not know is an error,
    /// never a replacement character. UTF-8 without a preamble (a BOM is skipped by the readers).
    /// </summary>
    public static Encoding ResolveEncoding(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var encoding = Encoding.GetEncoding(name.Trim(), EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        return encoding.CodePage == 65001 ? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true) : encoding;
    }

    /// <summary>
    /// RFC 4180 with one header row, quoted line breaks, blanks trimmed; a malformed row is skipped
    /// (and reported by the caller's OnMalformedRecord), and no value goes into an exception text.
    /// </summary>
    public static CsvReaderOptions ReaderOptions(string delimiter, string quote)
    {
        ArgumentNullException.ThrowIfNull(delimiter);
        ArgumentNullException.ThrowIfNull(quote);
        return CsvReaderOptions.Default with
        {
            Separator = delimiter[0],
            Quote = quote[0],
            HasHeader = true,
            Mode = CsvMode.Rfc4180,
            AllowLineBreaksInQuotes = true,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            IncludeValuesInExceptions = false,
        };
    }
}
