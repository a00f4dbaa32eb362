using System.Globalization;
using System.Text;
using CsvHelper;
using PaymentRecon.CheckDigits;
using PaymentRecon.Inbox;

namespace PaymentRecon.Receivables;

/// <summary>
/// Reads a receivables file in one pass: yields every valid row and adds one <see cref="ImportProblem"/>
/// per bad field to the list it is handed. Memory stays flat however long the file is, so the caller
/// streams the rows on (into COPY) and decides at the end, when all problems are known, whether the
/// file is taken. Problem messages are German: they end up in <c>FILE.error.txt</c> for the cash office.
/// </summary>
public sealed class ReceivableCsvReader
{
    /// <summary>More problems than this are counted, not listed: a file in the wrong profile would list every row.</summary>
    public const int MaxListedProblems = 10_000;

    private readonly ReceivableProfile _profile;
    private readonly KassenzeichenFormat _kassenzeichenFormat;
    private readonly string[] _dateFormats;
    private readonly char _decimalSeparator;
    private readonly char? _thousandsSeparator;

    public ReceivableCsvReader(ReceivableProfile profile, KassenzeichenFormat kassenzeichenFormat)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(kassenzeichenFormat);
        _profile = profile;
        _kassenzeichenFormat = kassenzeichenFormat;
        _dateFormats = [.. profile.EffectiveDateFormats];
        _decimalSeparator = profile.DecimalSeparator[0];
        _thousandsSeparator = profile.ThousandsSeparator.Length == 0 ? null : profile.ThousandsSeparator[0];
    }

    /// <summary>A reader over <paramref name="stream"/> in the profile's encoding; a UTF-8 BOM is skipped.</summary>
    public TextReader OpenText(Stream stream)
    {
        var reader = new StreamReader(stream, _profile.ResolveEncoding(), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        return reader;
    }

    /// <summary>Reads a whole small file into memory; for tests and inspection, not for imports.</summary>
    public (IReadOnlyList<ReceivableLine> Rows, IReadOnlyList<ImportProblem> Problems) ReadAll(TextReader text)
    {
        var problems = new List<ImportProblem>();
        var rows = Read(text, problems).ToList();
        return (rows, problems);
    }

    /// <summary>
    /// Yields the valid rows of <paramref name="text"/>; every problem goes to <paramref name="problems"/>
    /// (rows with a problem are not yielded). The file is fit for import only when, after the last row,
    /// <paramref name="problems"/> is still empty.
    /// </summary>
    public IEnumerable<ReceivableLine> Read(TextReader text, IList<ImportProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(problems);
        var sink = new ProblemSink(problems);
        var options = InboxCsv.ReaderOptions(_profile.Delimiter, _profile.Quote) with
        {
            // Verfahren, Haushaltsstelle and debtors repeat from row to row: decode each once.
            PoolStrings = true,
            OnMalformedRecord = record => sink.Add(Location(checked((int)record.LineNumber)), null, record.Reason switch
            {
                CsvMalformedReason.UnterminatedQuote => $"Ein Anführungszeichen ({_profile.Quote}) wird bis zum Dateiende nicht geschlossen.",
                _ => $"Anführungszeichen ({_profile.Quote}) falsch gesetzt; die Zeile ist nicht lesbar.",
            }),
        };

        using var csv = CsvReader.Create(text, options, leaveOpen: true);
        var header = ReadHeader(text, csv, sink);
        if (header is null)
        {
            yield break;
        }

        if (header.Length == 0 || (header.Length == 1 && header[0].Length == 0))
        {
            sink.Add("file", null, "Die Datei ist leer: die Kopfzeile fehlt.");
            yield break;
        }

        var columns = MapHeader(header, sink);
        if (columns is null)
        {
            yield break;
        }

        var fields = new string?[columns.Length];
        while (Next(csv, sink))
        {
            var line = checked((int)csv.LineNumber);
            if (csv.FieldCount != header.Length)
            {
                sink.Add(Location(line), null, string.Create(CultureInfo.InvariantCulture,
                    $"Die Zeile hat {csv.FieldCount} Felder, die Kopfzeile {header.Length} (Trennzeichen '{_profile.Delimiter}')."));
                continue;
            }

            for (var i = 0; i < columns.Length; i++)
            {
                fields[i] = columns[i] < 0 ? null : csv.GetString(columns[i]).Trim();
            }

            var receivable = Validate(line, fields, sink);
            if (receivable is not null)
            {
                yield return new ReceivableLine(line, receivable);
            }
        }

        sink.Finish();
    }

    private string[]? ReadHeader(TextReader text, CsvReader csv, ProblemSink sink)
    {
        try
        {
            // A UTF-8 BOM: the stream reader is told not to detect encodings, so it arrives as a character.
            if (text.Peek() == '\uFEFF')
            {
                text.Read();
            }

            csv.ReadHeader();
            return [.. csv.Headers.Select(h => h.Trim())];
        }
        catch (Exception exception) when (FindDecoderFailure(exception) is { } failure)
        {
            ReportDecoderFailure(failure, sink);
            return null;
        }
    }

    private bool Next(CsvReader csv, ProblemSink sink)
    {
        try
        {
            return csv.Read();
        }
        catch (Exception exception) when (FindDecoderFailure(exception) is { } failure)
        {
            ReportDecoderFailure(failure, sink);
            return false;
        }
    }

    private void ReportDecoderFailure(DecoderFallbackException failure, ProblemSink sink)
    {
        var bytes = failure.BytesUnknown is { Length: > 0 } unknown ? Convert.ToHexString(unknown) : "?";
        // The reader decodes ahead of the rows it returns: the line is not known.
        sink.Add("file", null,
            $"Die Datei ist nicht in der Kodierung '{_profile.Encoding}' des Profils '{_profile.Name}' geschrieben (Byte 0x{bytes} ist dort ungültig). " +
            "Dateien in anderer Kodierung (z. B. windows-1252) gehören in den Ordner ihres Profils: receivables/<profil>/.");
    }

    private static DecoderFallbackException? FindDecoderFailure(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is DecoderFallbackException failure)
            {
                return failure;
            }
        }

        return null;
    }

    // Index of each field's column in the file, -1 for an optional column the file lacks; null when
    // a required column is missing (no row can be read then).
    private int[]? MapHeader(string[] names, ProblemSink sink)
    {
        var columns = new int[Enum.GetValues<ReceivableField>().Length];
        var complete = true;
        foreach (var (field, name, required) in _profile.Columns.All)
        {
            var matches = Enumerable.Range(0, names.Length).Where(i => string.Equals(names[i], name.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
            if (matches.Count > 1)
            {
                sink.Add("line 1", name, $"Die Spalte '{name}' steht mehrfach in der Kopfzeile.");
                complete = false;
            }
            else if (matches.Count == 0 && required)
            {
                var hint = names.Length == 1 && names[0].Length > 0
                    ? $" Die Kopfzeile hat nur ein Feld: ist das Trennzeichen nicht '{_profile.Delimiter}'? Dann gehört die Datei in den Ordner ihres Profils."
                    : "";
                sink.Add("line 1", string.Join(_profile.Delimiter, names), $"Die Pflichtspalte '{name}' fehlt in der Kopfzeile (Profil '{_profile.Name}').{hint}");
                complete = false;
            }

            columns[(int)field] = matches.Count == 1 ? matches[0] : -1;
        }

        return complete ? columns : null;
    }

    private Receivable? Validate(int line, string?[] fields, ProblemSink sink)
    {
        var before = sink.Count;
        var verfahren = Required(line, ReceivableField.Verfahren, fields, sink);
        var anordnungsNr = Required(line, ReceivableField.AnordnungsNr, fields, sink);
        var kassenzeichen = ParseKassenzeichen(line, fields, sink);
        var betrag = ParseBetrag(line, fields, sink);
        var faellig = ParseFaellig(line, fields, sink);
        var schuldner = Required(line, ReceivableField.Schuldner, fields, sink);
        var iban = ParseIban(line, fields, sink);
        var haushaltsstelle = Required(line, ReceivableField.Haushaltsstelle, fields, sink);
        var text = fields[(int)ReceivableField.Text] is { Length: > 0 } t ? t : null;
        if (sink.Count != before)
        {
            return null;
        }

        return new Receivable(verfahren!, anordnungsNr!, kassenzeichen!, Money.Eur(betrag!.Value), faellig!.Value, schuldner!, iban, haushaltsstelle!, text);
    }

    private string? Required(int line, ReceivableField field, string?[] fields, ProblemSink sink)
    {
        var value = fields[(int)field];
        if (string.IsNullOrEmpty(value))
        {
            sink.Add(Location(line, field), null, $"Pflichtfeld '{Header(field)}' ist leer.");
            return null;
        }

        return value;
    }

    private Kassenzeichen? ParseKassenzeichen(int line, string?[] fields, ProblemSink sink)
    {
        var value = Required(line, ReceivableField.Kassenzeichen, fields, sink);
        if (value is null)
        {
            return null;
        }

        if (_kassenzeichenFormat.TryParse(value, out var kassenzeichen, out var error))
        {
            return kassenzeichen;
        }

        sink.Add(Location(line, ReceivableField.Kassenzeichen), value, ExplainKassenzeichen(KassenzeichenFormat.Normalise(value), error));
        return null;
    }

    // The format's own reasons are English (they also serve matching logs); the cash office reads German.
    private string ExplainKassenzeichen(string normalised, string? error)
    {
        var format = _kassenzeichenFormat;
        if (normalised.Length < format.MinLength || normalised.Length > format.MaxLength)
        {
            var expected = format.MinLength == format.MaxLength
                ? format.MinLength.ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{format.MinLength} bis {format.MaxLength}");
            return string.Create(CultureInfo.InvariantCulture, $"Kassenzeichen muss {expected} Zeichen haben, hat aber {normalised.Length}.");
        }

        if (normalised.FirstOrDefault(c => !format.Alphabet.Contains(c, StringComparison.Ordinal)) is var bad and not '\0')
        {
            return $"Kassenzeichen enthält das unzulässige Zeichen '{bad}'.";
        }

        if (format.CheckDigit != CheckDigitScheme.None)
        {
            var expected = CheckDigitCalculator.Compute(normalised.AsSpan(0, normalised.Length - 1), format.CheckDigit, format.Mod11Remainder0, format.Mod11Remainder1);
            return expected is null
                ? "Kassenzeichen kann es nicht geben: für diese Ziffern ist keine Prüfziffer definiert."
                : string.Create(CultureInfo.InvariantCulture, $"Prüfziffer des Kassenzeichens stimmt nicht ({format.CheckDigit}: erwartet {expected}, steht {normalised[^1]}).");
        }

        return "Kassenzeichen ungültig: " + error;
    }

    private decimal? ParseBetrag(int line, string?[] fields, ProblemSink sink)
    {
        var value = Required(line, ReceivableField.Betrag, fields, sink);
        if (value is null)
        {
            return null;
        }

        var error = AmountText.TryParse(value, _decimalSeparator, _thousandsSeparator, out var amount);
        if (error is not null)
        {
            sink.Add(Location(line, ReceivableField.Betrag), value, error);
            return null;
        }

        return amount;
    }

    private DateOnly? ParseFaellig(int line, string?[] fields, ProblemSink sink)
    {
        var value = Required(line, ReceivableField.Faellig, fields, sink);
        if (value is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(value, _dateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var expected = string.Join(" oder ", _dateFormats.Select(f => f.Replace('d', 'T').Replace('y', 'J')));
            sink.Add(Location(line, ReceivableField.Faellig), value, $"Kein gültiges Datum (erwartet {expected}).");
            return null;
        }

        if (date.Year is < 1900 or > 2199)
        {
            sink.Add(Location(line, ReceivableField.Faellig), value, "Das Jahr ist nicht plausibel (erlaubt 1900 bis 2199).");
            return null;
        }

        return date;
    }

    private Iban? ParseIban(int line, string?[] fields, ProblemSink sink)
    {
        var value = fields[(int)ReceivableField.Iban];
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (Iban.TryParse(value, out var iban))
        {
            return iban;
        }

        sink.Add(Location(line, ReceivableField.Iban), value, "IBAN ist ungültig: " + Iban.Explain(value));
        return null;
    }

    private string Header(ReceivableField field) => _profile.Columns.All[(int)field].Header;

    private string Location(int line, ReceivableField field) =>
        string.Create(CultureInfo.InvariantCulture, $"line {line}, column {Header(field)}");

    private static string Location(int line) => string.Create(CultureInfo.InvariantCulture, $"line {line}");

    /// <summary>Collects problems up to <see cref="MaxListedProblems"/>, then only counts them.</summary>
    private sealed class ProblemSink(IList<ImportProblem> problems)
    {
        private int _unlisted;

        public int Count { get; private set; }

        public void Add(string location, string? value, string message)
        {
            Count++;
            if (problems.Count < MaxListedProblems)
            {
                problems.Add(new ImportProblem(location, value, message));
            }
            else
            {
                _unlisted++;
            }
        }

        public void Finish()
        {
            if (_unlisted > 0)
            {
                problems.Add(new ImportProblem("file", null, string.Create(CultureInfo.InvariantCulture,
                    $"… und {_unlisted} weitere Probleme, hier nicht einzeln aufgeführt (höchstens {MaxListedProblems}).")));
            }
        }
    }
}
