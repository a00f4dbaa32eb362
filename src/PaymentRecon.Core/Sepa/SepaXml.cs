using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using PaymentRecon.Inbox;

namespace PaymentRecon.Sepa;

/// <summary>
/// The one place that opens SEPA XML: DTDs prohibited, no resolver (so no external entities or
/// schemas are ever fetched), a size limit, line numbers for every problem. Elements are loaded
/// one subtree at a time (a transaction, a header), never the whole document.
/// </summary>
internal static class SepaXml
{
    /// <summary>200 MB of characters: far beyond any real pain file, small enough to stop a runaway one.</summary>
    public const long MaxCharacters = 200L * 1024 * 1024;

    public static XmlReader CreateReader(Stream stream) =>
        XmlReader.Create(stream, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        });

    public const string NamespacePrefix = "urn:iso:std:iso:20022:tech:xsd:";

    /// <summary>
    /// Reads a whole message with <paramref name="read"/>; unreadable XML (a DTD included) becomes
    /// a problem with its line instead of an exception.
    /// </summary>
    public static SepaReading<T> Read<T>(Stream stream, Func<XmlReader, List<ImportProblem>, T?> read)
        where T : class
    {
        var problems = new List<ImportProblem>();
        try
        {
            using var reader = CreateReader(stream);
            return new SepaReading<T>(read(reader, problems), problems);
        }
        catch (XmlException exception)
        {
            problems.Add(Problem("/Document", exception.LineNumber, null, "Kein lesbares XML: " + exception.Message));
            return new SepaReading<T>(null, problems);
        }
    }

    /// <summary>
    /// Checks <c>Document</c>, its namespace (one of <paramref name="versions"/>) and the message
    /// element below it, and leaves the reader on that element. Returns the version, or null with a problem.
    /// </summary>
    public static string? OpenMessage(XmlReader reader, string message, IReadOnlyList<string> versions, string what, List<ImportProblem> problems)
    {
        if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "Document")
        {
            problems.Add(Problem("/", Line(reader), reader.LocalName, "Das Wurzelelement muss Document sein."));
            return null;
        }

        var ns = reader.NamespaceURI;
        var version = ns.StartsWith(NamespacePrefix, StringComparison.Ordinal) ? ns[NamespacePrefix.Length..] : ns;
        if (!versions.Contains(version, StringComparer.Ordinal))
        {
            problems.Add(Problem("/Document", Line(reader), ns,
                $"Unbekannter Namensraum: erwartet {string.Join(", ", versions.Select(v => NamespacePrefix + v))}."));
            return null;
        }

        reader.Read();
        reader.MoveToContent();
        if (reader.NodeType != XmlNodeType.Element || reader.LocalName != message || reader.NamespaceURI != ns)
        {
            problems.Add(Problem("/Document", Line(reader), reader.LocalName, $"Unter Document muss {message} stehen ({what})."));
            return null;
        }

        return version;
    }

    /// <summary>The namespace of the root element's first child (the message element), and its local name.</summary>
    public static (string? Namespace, string? Message) Detect(Stream stream)
    {
        using var reader = CreateReader(stream);
        try
        {
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "Document")
            {
                return (null, null);
            }

            var ns = reader.NamespaceURI;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    return (ns, reader.LocalName);
                }
            }
        }
        catch (XmlException)
        {
        }

        return (null, null);
    }

    /// <summary>Loads the element the reader is on with line info and moves the reader past it.</summary>
    public static XElement LoadElement(XmlReader reader)
    {
        XElement element;
        using (var subtree = reader.ReadSubtree())
        {
            element = XElement.Load(subtree, LoadOptions.SetLineInfo);
        }

        reader.Read();
        return element;
    }

    public static int Line(XObject? node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;

    public static int Line(XmlReader reader) => reader is IXmlLineInfo info ? info.LineNumber : 0;

    /// <summary>The element at <paramref name="path"/> (<c>A/B/C</c>) below <paramref name="element"/>, in its namespace.</summary>
    public static XElement? Find(XElement? element, string path)
    {
        foreach (var name in path.Split('/'))
        {
            if (element is null)
            {
                return null;
            }

            element = element.Element(element.Name.Namespace + name);
        }

        return element;
    }

    public static string? Text(XElement? element, string path)
    {
        var value = Find(element, path)?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public static ImportProblem Problem(string path, int line, string? value, string message) =>
        new(line > 0 ? string.Create(CultureInfo.InvariantCulture, $"{path} (line {line})") : path, value, message);

    public static bool TryParseDateTime(string text, out DateTime value)
    {
        // ISODateTime: with or without offset; the wall-clock time as written is kept.
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var offset)
            && text.Contains('T', StringComparison.Ordinal))
        {
            value = offset.DateTime;
            return true;
        }

        value = default;
        return false;
    }

    public static bool TryParseDate(string text, out DateOnly value) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    /// <summary>An ISO amount (decimal point, no sign, no exponent); null when it is not one.</summary>
    public static decimal? ParseAmount(string? text) =>
        text is not null && text.All(c => char.IsAsciiDigit(c) || c == '.')
        && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
