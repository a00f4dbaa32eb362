using System.Globalization;
using System.Xml;
using System.Xml.Schema;
using PaymentRecon.Inbox;

namespace PaymentRecon.Camt;

/// <summary>
/// The streaming camt reader behind <see cref="CamtReader"/>: one forward pass of an
/// <see cref="XmlReader"/>, recursive descent over the elements it knows, everything else skipped.
/// Names compare by reference (<see cref="CamtNames"/>), text is copied into one reused buffer and
/// numbers and dates are parsed from spans, so a million entries cost no more than their records.
/// </summary>
internal sealed partial class CamtXmlParser : IDisposable
{
    private const string NamespacePrefix = "urn:iso:std:iso:20022:tech:xsd:camt.";
    private const int MaxCachedCodes = 4096;

    private readonly XmlReader _r;
    private readonly IXmlLineInfo _lineInfo;
    private readonly CamtNames _n;
    private readonly string _source;
    private readonly string _locationPrefix;
    private readonly CamtReaderOptions _options;
    private readonly TimeZoneInfo _zone;
    private readonly bool _canChunk;
    private readonly HashSet<string> _codes = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _codeLookup;
    private readonly (string Name, int Index)[] _path = new (string, int)[64];
    private int _pathLength;
    private char[] _buffer = new char[1024];
    private bool _disposed;

    public CamtXmlParser(Stream stream, string sourceName, CamtReaderOptions options)
    {
        _n = new CamtNames();
        _source = sourceName;
        var bang = sourceName.LastIndexOf('!');
        _locationPrefix = bang >= 0 ? sourceName[(bang + 1)..] + ": " : "";
        _options = options;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(options.LocalTimeZone);
        _codeLookup = _codes.GetAlternateLookup<ReadOnlySpan<char>>();
        var settings = CamtReader.CreateXmlReaderSettings();
        settings.NameTable = _n.Table;
        if (options.ValidateAgainstXsd)
        {
            settings.ValidationType = ValidationType.Schema;
            settings.Schemas = CamtSchemas.All;
            settings.ValidationFlags = XmlSchemaValidationFlags.None;
            settings.ValidationEventHandler += OnValidationError;
        }

        _r = XmlReader.Create(stream, settings);
        _lineInfo = (IXmlLineInfo)_r;
        _canChunk = _r.CanReadValueChunk;
    }

    public CamtMessageType Type { get; private set; }

    public int Line => _lineInfo.LineNumber;

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _r.Dispose();
        }
    }

    // ---- structure -------------------------------------------------------------------------

    /// <summary>Steps into the element the reader is on; -1 when it is empty (then already behind it).</summary>
    private int Enter()
    {
        if (_r.IsEmptyElement)
        {
            _r.Read();
            return -1;
        }

        var depth = _r.Depth;
        _r.Read();
        return depth;
    }

    /// <summary>
    /// Moves to the next child element of the element entered at <paramref name="depth"/>; false
    /// (and behind the parent's end tag) when there is none. Stays put when already on a child.
    /// </summary>
    private bool Next(int depth)
    {
        if (depth < 0)
        {
            return false;
        }

        while (true)
        {
            switch (_r.NodeType)
            {
                case XmlNodeType.Element:
                    return true;
                case XmlNodeType.EndElement when _r.Depth == depth:
                    _r.Read();
                    return false;
                case XmlNodeType.None:
                    throw Fail("The file ends in the middle of the message (truncated).");
                case XmlNodeType.Text or XmlNodeType.CDATA:
                    throw Fail("Text where only elements are allowed.");
                default:
                    if (!_r.Read())
                    {
                        throw Fail("The file ends in the middle of the message (truncated).");
                    }

                    break;
            }
        }
    }

    private bool Is(string name) => ReferenceEquals(_r.LocalName, name);

    /// <summary>
    /// Steps over an element the reader does not need. Unlike <see cref="XmlReader.Skip"/> it looks at
    /// every text inside, in chunks, so the text-length limit holds there too without loading the text.
    /// </summary>
    private void Skip()
    {
        if (_r.IsEmptyElement)
        {
            _r.Read();
            return;
        }

        var depth = _r.Depth;
        var name = _r.LocalName;
        _r.Read();
        while (_r.NodeType != XmlNodeType.EndElement || _r.Depth != depth)
        {
            if (_r.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && _canChunk)
            {
                var length = 0;
                int read;
                while ((read = _r.ReadValueChunk(_buffer, 0, _buffer.Length)) > 0)
                {
                    length += read;
                    if (length > _options.MaxTextLength)
                    {
                        throw Fail(string.Create(CultureInfo.InvariantCulture,
                            $"The text is longer than {_options.MaxTextLength} characters (limit Camt:MaxTextLength)."), name);
                    }
                }
            }

            if (!_r.Read())
            {
                throw Fail("The file ends in the middle of the message (truncated).", name);
            }
        }

        _r.Read();
    }

    private void Push(string name, int index = 0)
    {
        if (_pathLength == _path.Length)
        {
            throw Fail("Elements nested too deeply.");
        }

        _path[_pathLength++] = (name, index);
    }

    private void Pop() => _pathLength--;

    /// <summary>The XML path of the element being read, e.g. <c>/Document/BkToCstmrStmt/Stmt[1]/Ntry[3]</c>.</summary>
    private string PathString(string? leaf = null)
    {
        var builder = new System.Text.StringBuilder(128);
        for (var i = 0; i < _pathLength; i++)
        {
            builder.Append('/').Append(_path[i].Name);
            if (_path[i].Index > 0)
            {
                builder.Append('[').Append(_path[i].Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
        }

        if (leaf is not null)
        {
            builder.Append('/').Append(leaf);
        }

        return builder.Length == 0 ? "/" : builder.ToString();
    }

    private CamtFormatException Fail(string message, string? leaf = null, string? value = null, int? line = null, Exception? inner = null)
    {
        var location = string.Create(CultureInfo.InvariantCulture, $"{_locationPrefix}{PathString(leaf)} (line {line ?? Line})");
        return new CamtFormatException(_source, new ImportProblem(location, value, message), inner);
    }

    /// <summary>Turns what the XML layer throws into a rejection that names the place.</summary>
    public Exception Translate(Exception exception) => exception switch
    {
        CamtFormatException => exception,
        XmlException xml when xml.Message.Contains("DTD", StringComparison.Ordinal) =>
            Fail("The file contains a DTD (<!DOCTYPE>). DTDs and entities are not allowed in camt files (protection against entity expansion and external entities).", line: LineOf(xml), inner: xml),
        XmlException xml => Fail($"The file is not well-formed XML: {xml.Message}", line: LineOf(xml), inner: xml),
        CamtSizeLimitException size => Fail(size.Message, inner: size),
        InvalidDataException corrupt => Fail($"The compressed data is corrupt: {corrupt.Message}", inner: corrupt),
        System.Text.DecoderFallbackException decoding => Fail($"The file is not valid in its declared encoding: {decoding.Message}", inner: decoding),
        _ => exception,
    };

    private int LineOf(XmlException exception) => exception.LineNumber > 0 ? exception.LineNumber : Math.Max(Line, 1);

    private void OnValidationError(object? sender, ValidationEventArgs e) =>
        throw Fail($"Not valid against the ISO XSD: {e.Message}", line: e.Exception?.LineNumber);

    // ---- leaves ----------------------------------------------------------------------------

    /// <summary>Reads the text of the simple element the reader is on into the buffer; behind its end tag afterwards.</summary>
    private ReadOnlySpan<char> Leaf()
    {
        if (_r.IsEmptyElement)
        {
            _r.Read();
            return [];
        }

        var name = _r.LocalName;
        _r.Read();
        return LeafContent(name);
    }

    /// <summary>The rest of <see cref="Leaf"/>, for a caller that has already stepped past the start tag.</summary>
    private ReadOnlySpan<char> LeafContent(string name)
    {
        var length = 0;
        while (true)
        {
            switch (_r.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    if (_canChunk)
                    {
                        int read;
                        while ((read = _r.ReadValueChunk(_buffer, length, _buffer.Length - length)) > 0)
                        {
                            length += read;
                            if (length == _buffer.Length)
                            {
                                Grow(name, length);
                            }
                        }
                    }
                    else
                    {
                        var value = _r.Value;
                        while (length + value.Length > _buffer.Length)
                        {
                            Grow(name, length + value.Length);
                        }

                        value.CopyTo(_buffer.AsSpan(length));
                        length += value.Length;
                    }

                    _r.Read();
                    break;
                case XmlNodeType.EndElement:
                    _r.Read();
                    return _buffer.AsSpan(0, length);
                case XmlNodeType.Element:
                    throw Fail("An element where only text is allowed.", name);
                case XmlNodeType.None:
                    throw Fail("The file ends in the middle of the message (truncated).", name);
                default:
                    _r.Read();
                    break;
            }
        }
    }

    private void Grow(string name, int needed)
    {
        if (needed > _options.MaxTextLength)
        {
            throw Fail(string.Create(CultureInfo.InvariantCulture,
                $"The text is longer than {_options.MaxTextLength} characters (limit Camt:MaxTextLength)."), name);
        }

        Array.Resize(ref _buffer, Math.Min(Math.Max(_buffer.Length * 2, needed + 1), _options.MaxTextLength + 1));
    }

    /// <summary>Text of at most <paramref name="maxLength"/> characters (camt MaxNNText); null when empty.</summary>
    private string? Text(int maxLength)
    {
        var name = _r.LocalName;
        var line = Line;
        var text = Leaf();
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Length > maxLength)
        {
            throw Fail(string.Create(CultureInfo.InvariantCulture,
                $"The text has {text.Length} characters; the schema allows at most {maxLength} (Max{maxLength}Text)."), name, new string(text[..Math.Min(text.Length, 200)]), line);
        }

        return new string(text);
    }

    /// <summary>A code (status, bank transaction code, balance type ...): few distinct values, so one string each.</summary>
    private string? Code(int maxLength = 35)
    {
        var name = _r.LocalName;
        var line = Line;
        return CodeFrom(Leaf().Trim(), name, line, maxLength);
    }

    /// <summary>
    /// The first code inside the element the reader is on: its own text (<c>&lt;Sts&gt;BOOK&lt;/Sts&gt;</c>),
    /// else depth-first the first <c>Cd</c>, <c>Prtry</c>, <c>CdOrPrtry</c> or <c>Id</c> (<c>Sts/Cd</c>, <c>Tp/CdOrPrtry/Cd</c>, <c>Tp/Prtry/Id</c>).
    /// </summary>
    private string? FirstCode()
    {
        if (_r.IsEmptyElement)
        {
            _r.Read();
            return null;
        }

        var name = _r.LocalName;
        var line = Line;
        var depth = _r.Depth;
        _r.Read();
        if (_r.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
        {
            return CodeFrom(LeafContent(name).Trim(), name, line, 35);
        }

        Push(name);
        string? code = null;
        while (Next(depth))
        {
            if (code is null && (Is(_n.Cd) || Is(_n.Prtry) || Is(_n.CdOrPrtry) || Is(_n.Id)))
            {
                code = FirstCode();
            }
            else
            {
                Skip();
            }
        }

        Pop();
        return code;
    }

    private string? CodeFrom(ReadOnlySpan<char> text, string name, int line, int maxLength)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Length > maxLength)
        {
            throw Fail(string.Create(CultureInfo.InvariantCulture, $"The code has {text.Length} characters; at most {maxLength} are allowed."), name, new string(text), line);
        }

        if (_codeLookup.TryGetValue(text, out var cached))
        {
            return cached;
        }

        var code = new string(text);
        if (_codes.Count < MaxCachedCodes)
        {
            _codes.Add(code);
        }

        return code;
    }

    /// <summary>A reference (Max35Text); <c>NOTPROVIDED</c> and, where given, <c>NONREF</c> read as null.</summary>
    private string? Reference(bool nonRefIsEmpty = false)
    {
        var value = Text(35);
        if (value is null || RemittanceText.IsNotProvided(value)
            || (nonRefIsEmpty && string.Equals(value.Trim(), "NONREF", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        return value;
    }

    private string RequiredAttributeCurrency(out Currency currency)
    {
        var name = _r.LocalName;
        var code = _r.GetAttribute(_n.Ccy);
        if (code is null)
        {
            throw Fail("The amount has no currency (attribute Ccy).", name);
        }

        if (!Currency.TryParse(code, out currency))
        {
            throw Fail("The currency is not an ISO 4217 code (three upper-case letters).", name, code);
        }

        return name;
    }

    /// <summary>camt <c>ActiveOrHistoricCurrencyAndAmount</c>: unsigned, at most 5 decimals and 18 digits, never rounded.</summary>
    private Money Amount()
    {
        var line = Line;
        var name = RequiredAttributeCurrency(out var currency);
        var text = Leaf().Trim();
        var amount = ParseDecimal(text, name, line, maxFractionDigits: 5, allowSign: false);
        var money = new Money(amount, currency);
        if (currency == Currency.EUR && !money.FitsMinorUnits)
        {
            throw Fail("A EUR amount with more than 2 decimals: amounts are taken exactly as written and never rounded.", name, new string(text), line);
        }

        return money;
    }

    private decimal ParseDecimal(ReadOnlySpan<char> text, string name, int line, int maxFractionDigits, bool allowSign)
    {
        // One pass: validate as the schema does and build the value from its digits, keeping the
        // scale as written (10.50 stays 10.50). 18 significant digits fit a ulong.
        var negative = false;
        var start = 0;
        if (text.Length > 0 && (text[0] == '+' || (allowSign && text[0] == '-')))
        {
            negative = text[0] == '-';
            start = 1;
        }

        ulong value = 0;
        var digits = 0;
        var anyDigit = false;
        var fraction = -1;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                anyDigit = true;
                if (value != 0 || c != '0')
                {
                    digits++;
                }

                if (fraction >= 0)
                {
                    fraction++;
                }

                if (digits > 18)
                {
                    throw Fail("The number has more than 18 digits.", name, new string(text), line);
                }

                value = (value * 10) + (ulong)(c - '0');
            }
            else if (c == '.' && fraction < 0)
            {
                fraction = 0;
            }
            else
            {
                throw Fail(c == '-'
                    ? "A negative amount: camt amounts are unsigned, the sign comes from CdtDbtInd."
                    : "Not a decimal number (digits and one decimal point expected).", name, new string(text), line);
            }
        }

        if (!anyDigit)
        {
            throw Fail("An empty number.", name, new string(text), line);
        }

        if (fraction > maxFractionDigits)
        {
            throw Fail(string.Create(CultureInfo.InvariantCulture,
                $"The number has {fraction} decimals; the schema allows at most {maxFractionDigits}."), name, new string(text), line);
        }

        return new decimal(unchecked((int)value), unchecked((int)(value >> 32)), 0, negative && value != 0, (byte)Math.Max(fraction, 0));
    }

    private long Number()
    {
        var name = _r.LocalName;
        var line = Line;
        var text = Leaf().Trim();
        var value = ParseDecimal(text, name, line, maxFractionDigits: 0, allowSign: false);
        if (value > long.MaxValue)
        {
            throw Fail("The number is too large.", name, new string(text), line);
        }

        return (long)value;
    }

    private int Count()
    {
        var name = _r.LocalName;
        var line = Line;
        var text = Leaf().Trim();
        if (text.Length is 0 or > 9 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw Fail("Not a count (digits only).", name, new string(text), line);
        }

        return value;
    }

    private bool Boolean()
    {
        var name = _r.LocalName;
        var line = Line;
        var text = Leaf().Trim();
        if (text.SequenceEqual("true") || text.SequenceEqual("1"))
        {
            return true;
        }

        if (text.SequenceEqual("false") || text.SequenceEqual("0"))
        {
            return false;
        }

        throw Fail("Not a boolean (true or false).", name, new string(text), line);
    }

    private CreditDebit CreditDebitCode()
    {
        var name = _r.LocalName;
        var line = Line;
        var text = Leaf().Trim();
        if (text.SequenceEqual("CRDT"))
        {
            return CreditDebit.Credit;
        }

        if (text.SequenceEqual("DBIT"))
        {
            return CreditDebit.Debit;
        }

        throw Fail("CdtDbtInd must be CRDT or DBIT.", name, new string(text), line);
    }

    private DateOnly Date()
    {
        var name = _r.LocalName;
        var line = Line;
        var text = Leaf().Trim();

        // xs:date may carry a zone (2026-11-27Z, 2026-11-27+01:00); the calendar day is what counts.
        if (text.Length >= 10 && (text.Length == 10 || IsZone(text[10..])) && TryDate(text[..10], out var value))
        {
            return value;
        }

        throw Fail("Not a date (YYYY-MM-DD).", name, new string(text), line);
    }

    // yyyy-MM-dd by hand: DateOnly.TryParseExact costs more than the rest of an entry's dates.
    private static bool TryDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        if (text[4] != '-' || text[7] != '-')
        {
            return false;
        }

        var year = Digits(text[..4]);
        var month = Digits(text.Slice(5, 2));
        var day = Digits(text.Slice(8, 2));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > System.DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static int Digits(ReadOnlySpan<char> text)
    {
        var value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return -1;
            }

            value = (value * 10) + (c - '0');
        }

        return value;
    }

    private static bool IsZone(ReadOnlySpan<char> zone) =>
        zone.SequenceEqual("Z") || (zone.Length == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':');

    /// <summary>ISODateTime; without an offset it is local time of <see cref="CamtReaderOptions.LocalTimeZone"/>.</summary>
    private DateTimeOffset DateTime()
    {
        var name = _r.LocalName;
        var line = Line;
        var text = Leaf().Trim();
        var time = text.IndexOf('T');
        var hasZone = time > 0 && (text[time..].IndexOfAny('+', '-') > 0 || text[^1] == 'Z');
        if (hasZone)
        {
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withZone) && time == 10)
            {
                return withZone;
            }
        }
        else if (time == 10 && System.DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return new DateTimeOffset(local, _zone.GetUtcOffset(local));
        }

        throw Fail("Not a date-time (YYYY-MM-DDThh:mm:ss, optionally with fraction and offset).", name, new string(text), line);
    }

    /// <summary><c>Dt</c> or <c>DtTm</c> inside the element the reader is on (DateAndDateTimeChoice); the calendar day as written.</summary>
    private DateOnly? DateChoice()
    {
        DateOnly? value = null;
        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.Dt))
            {
                value = Date();
            }
            else if (Is(_n.DtTm))
            {
                value = DateOnly.FromDateTime(DateTime().DateTime);
            }
            else
            {
                Skip();
            }
        }

        return value;
    }
}
