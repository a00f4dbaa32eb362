using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace PaymentRecon.Booking;

/// <summary>
/// Writes the HKR booking file, layout <c>hkr-standard</c> (contract section 4): UTF-8 without
/// BOM, <c>;</c> separated, one header row, CRLF line ends (RFC 4180), decimal comma with two
/// decimals, minus sign, no thousands separator, dates <c>TT.MM.JJJJ</c>. A field holding
/// <c>;</c>, a quote or a line break is quoted, quotes doubled. Pure: writes only to the stream.
/// </summary>
public static class BookingFileWriter
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "BuchungsId", "Satzart", "Buchungsdatum", "Valuta", "Betrag", "Waehrung", "Kassenzeichen", "AnordnungsNr",
        "Verfahren", "Haushaltsstelle", "Zahlungspflichtiger", "IBAN", "Verwendungszweck", "Bankreferenz", "Auszug",
        "Zuordnung", "Regel",
    ];

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes the CSV and returns its SHA-256 (lower-case hex) for the control file.</summary>
    public static string WriteCsv(Stream stream, IEnumerable<BookingLine> lines)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(lines);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var builder = new StringBuilder(256);
        Write(stream, hash, builder.AppendJoin(';', Columns).Append("\r\n"));
        foreach (var line in lines)
        {
            Validate(line);
            builder.Append(Field(line.BuchungsId)).Append(';')
                .Append(Code(line.Satzart)).Append(';')
                .Append(GermanFormat.Date(line.Buchungsdatum)).Append(';')
                .Append(GermanFormat.Date(line.Valuta)).Append(';')
                .Append(GermanFormat.FileAmount(line.Betrag.Amount)).Append(';')
                .Append(line.Betrag.Currency.Code).Append(';')
                .Append(Field(line.Kassenzeichen)).Append(';')
                .Append(Field(line.AnordnungsNr)).Append(';')
                .Append(Field(line.Verfahren)).Append(';')
                .Append(Field(line.Haushaltsstelle)).Append(';')
                .Append(Field(line.Zahlungspflichtiger)).Append(';')
                .Append(Field(line.Iban)).Append(';')
                .Append(Field(line.Verwendungszweck)).Append(';')
                .Append(Field(line.Bankreferenz)).Append(';')
                .Append(Field(line.Auszug)).Append(';')
                .Append(line.Zuordnung == Zuordnung.Manuell ? "MANUELL" : "AUTO").Append(';')
                .Append(Field(line.Regel)).Append("\r\n");
            Write(stream, hash, builder);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Writes the control file beside the CSV: record count, sum per Satzart, total, SHA-256 of the
    /// CSV, the statements covered, the run id. Amounts are JSON numbers with two decimals.
    /// </summary>
    public static void WriteControl(Stream stream, BookingControl control)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(control);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) });
        json.WriteStartObject();
        json.WriteString("file", control.FileName);
        json.WriteString("runId", control.RunId);
        json.WriteNumber("recordCount", control.RecordCount);
        json.WriteStartObject("sumBySatzart");
        foreach (var satzart in (ReadOnlySpan<Satzart>)[Satzart.Ist, Satzart.Vwg, Satzart.Geb])
        {
            json.WritePropertyName(Code(satzart));
            WriteAmount(json, control.SumBySatzart.TryGetValue(satzart, out var sum) ? sum : 0m);
        }

        json.WriteEndObject();
        json.WritePropertyName("total");
        WriteAmount(json, control.Total);
        json.WriteString("sha256", control.Sha256);
        json.WriteStartArray("statements");
        foreach (var statement in control.Statements)
        {
            json.WriteStartObject();
            json.WriteString("id", statement.Id);
            if (statement.ElectronicSequenceNumber is { } sequence)
            {
                json.WriteNumber("electronicSequenceNumber", sequence);
            }
            else
            {
                json.WriteNull("electronicSequenceNumber");
            }

            json.WriteString("iban", statement.Iban);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        stream.Write("\n"u8);
    }

    /// <summary>The control figures for <paramref name="lines"/> as written with <see cref="WriteCsv"/>.</summary>
    public static BookingControl Summarise(string fileName, string runId, IReadOnlyList<BookingLine> lines, string sha256, IReadOnlyList<CoveredStatement> statements)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var sums = new SortedDictionary<Satzart, decimal> { [Satzart.Ist] = 0m, [Satzart.Vwg] = 0m, [Satzart.Geb] = 0m };
        foreach (var line in lines)
        {
            sums[line.Satzart] = sums.GetValueOrDefault(line.Satzart) + line.Betrag.Amount;
        }

        return new BookingControl(fileName, runId, lines.Count, sums, lines.Sum(l => l.Betrag.Amount), sha256, statements);
    }

    /// <summary><c>IST</c>, <c>VWG</c>, <c>GEB</c>.</summary>
    public static string Code(Satzart satzart) => satzart switch
    {
        Satzart.Ist => "IST",
        Satzart.Vwg => "VWG",
        Satzart.Geb => "GEB",
        _ => throw new ArgumentOutOfRangeException(nameof(satzart), satzart, "A booking line needs IST, VWG or GEB."),
    };

    // A money amount with exactly two decimals as a JSON number ("12.50", not "12.5").
    private static void WriteAmount(Utf8JsonWriter json, decimal amount) =>
        json.WriteRawValue(amount.ToString("0.00", CultureInfo.InvariantCulture));

    private static void Validate(BookingLine line)
    {
        if (string.IsNullOrEmpty(line.BuchungsId))
        {
            throw new ArgumentException("A booking line needs a BuchungsId.", nameof(line));
        }

        if (!line.Betrag.FitsMinorUnits || line.Betrag.Currency.IsDefault)
        {
            throw new ArgumentException($"Booking line {line.BuchungsId}: amount {line.Betrag} does not fit two decimals.", nameof(line));
        }
    }

    private static void Write(Stream stream, IncrementalHash hash, StringBuilder builder)
    {
        var bytes = Utf8NoBom.GetBytes(builder.ToString());
        hash.AppendData(bytes);
        stream.Write(bytes);
        builder.Clear();
    }

    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        return value.AsSpan().IndexOfAny(";\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
