using System.Globalization;
using System.Text;
using CsvHelper;
using PaymentRecon.Inbox;

namespace PaymentRecon.Providers;

/// <summary>
/// Reads a provider settlement report row by row (CsvHelper, streaming: memory grows only with
/// the set of transaction ids seen, for the duplicate check). Valid rows are yielded; every
/// problem (line, column, value, reason) is collected in <see cref="Problems"/>, so a bad file is
/// quarantined with the full list. One instance reads one file.
/// </summary>
public sealed class ProviderReportReader
{
    private readonly ProviderProfile _profile;
    private readonly List<ImportProblem> _problems = [];
    private readonly HashSet<string> _transactionIds = new(StringComparer.Ordinal);
    private Currency _defaultCurrency;

    public ProviderReportReader(ProviderProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _profile = profile;
        _defaultCurrency = Currency.Parse(profile.DefaultCurrency);
    }

    /// <summary>Every problem found so far; complete once <see cref="Read"/> has been enumerated.</summary>
    public IReadOnlyList<ImportProblem> Problems => _problems;

    /// <summary>Rows skipped on purpose: status not accepted, ignored type, empty row.</summary>
    public int SkippedRows { get; private set; }

    public IEnumerable<ProviderReportLine> Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var text = new StreamReader(stream, _profile.ResolveEncoding(), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        var options = InboxCsv.ReaderOptions(_profile.Delimiter, _profile.Quote) with
        {
            OnMalformedRecord = record => _problems.Add(new ImportProblem(
                string.Create(CultureInfo.InvariantCulture, $"line {record.LineNumber}"), null,
                $"Anführungszeichen ({_profile.Quote}) falsch gesetzt; die Zeile ist nicht lesbar.")),
        };

        using var csv = CsvReader.Create(text, options, leaveOpen: true);
        Dictionary<string, int>? columns;
        try
        {
            if (text.Peek() == '\uFEFF')
            {
                text.Read();
            }

            csv.ReadHeader();
            columns = MapHeader([.. csv.Headers]);
        }
        catch (Exception exception) when (IsDecoderFailure(exception))
        {
            AddDecoderProblem();
            yield break;
        }

        if (columns is null)
        {
            yield break;
        }

        while (true)
        {
            bool more;
            try
            {
                more = csv.Read();
            }
            catch (Exception exception) when (IsDecoderFailure(exception))
            {
                AddDecoderProblem();
                yield break;
            }

            if (!more)
            {
                yield break;
            }

            var fields = new string?[csv.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                var value = csv.GetString(i).Trim();
                fields[i] = value.Length == 0 ? null : value;
            }

            var line = ReadRow(checked((int)csv.LineNumber), fields, columns);
            if (line is not null)
            {
                yield return line;
            }
        }
    }

    private void AddDecoderProblem() =>
        // The reader decodes ahead of the rows it returns: the line is not known.
        _problems.Add(new ImportProblem("file", null,
            $"Die Datei ist nicht in der Kodierung '{_profile.Encoding}' des Profils '{_profile.Name}' geschrieben (ungültige Bytes)."));

    private static bool IsDecoderFailure(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is DecoderFallbackException)
            {
                return true;
            }
        }

        return false;
    }

    private Dictionary<string, int>? MapHeader(string[] header)
    {
        var positions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            positions.TryAdd(header[i].Trim().TrimStart('\uFEFF'), i);
        }

        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var missing = false;
        foreach (var (field, setting, required) in _profile.Columns.All(_profile.SignHandling))
        {
            if (string.IsNullOrWhiteSpace(setting))
            {
                continue;
            }

            var found = ProviderProfile.Alternatives(setting).Select(a => positions.TryGetValue(a, out var p) ? p : -1).FirstOrDefault(p => p >= 0, -1);
            if (found >= 0)
            {
                columns[field] = found;
            }
            else if (required)
            {
                missing = true;
                _problems.Add(new ImportProblem("line 1", null,
                    $"Spalte '{setting}' ({field}) fehlt in der Kopfzeile; Profil '{_profile.Name}' braucht sie."));
            }
        }

        return missing ? null : columns;
    }

    private ProviderReportLine? ReadRow(int lineNumber, string?[] fields, Dictionary<string, int> columns)
    {
        string? Field(string name) =>
            columns.TryGetValue(name, out var index) && index < fields.Length ? fields[index] : null;

        if (fields.All(f => f is null))
        {
            SkippedRows++;
            return null;
        }

        var status = Field(nameof(ProviderColumns.Status));
        var type = Field(nameof(ProviderColumns.Type));
        if ((_profile.AcceptedStatuses.Count > 0 && !_profile.AcceptedStatuses.Contains(status ?? "", StringComparer.OrdinalIgnoreCase))
            || (type is not null && _profile.IgnoredTypes.Contains(type, StringComparer.OrdinalIgnoreCase)))
        {
            SkippedRows++;
            return null;
        }

        var problems = new List<ImportProblem>();
        ImportProblem Problem(string field, string? value, string message) =>
            new(string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}, column {Header(field)}"), value, message);

        var kind = type is not null && _profile.PayoutTypes.Contains(type, StringComparer.OrdinalIgnoreCase) ? ProviderLineKind.Payout : ProviderLineKind.Transaction;
        var transactionId = Field(nameof(ProviderColumns.TransactionId));
        if (transactionId is null)
        {
            problems.Add(Problem(nameof(ProviderColumns.TransactionId), null, "Transaktions-Id fehlt."));
        }
        else if (!_transactionIds.Add(transactionId))
        {
            problems.Add(Problem(nameof(ProviderColumns.TransactionId), transactionId, "Transaktions-Id kommt in der Datei mehrfach vor."));
        }

        var currency = _defaultCurrency;
        var currencyText = Field(nameof(ProviderColumns.Currency));
        if (currencyText is not null && !Currency.TryParse(currencyText.ToUpperInvariant(), out currency))
        {
            problems.Add(Problem(nameof(ProviderColumns.Currency), currencyText, "Keine Währung nach ISO 4217."));
            currency = _defaultCurrency;
        }

        var sign = 1m;
        if (_profile.SignHandling == SignHandling.SignColumn)
        {
            var signText = Field(nameof(ProviderColumns.Sign));
            if (signText is not null && _profile.EffectiveCreditValues.Contains(signText, StringComparer.OrdinalIgnoreCase))
            {
                sign = 1m;
            }
            else if (signText is not null && _profile.EffectiveDebitValues.Contains(signText, StringComparer.OrdinalIgnoreCase))
            {
                sign = -1m;
            }
            else
            {
                problems.Add(Problem(nameof(ProviderColumns.Sign), signText,
                    $"Soll/Haben-Kennzeichen muss eines von {string.Join(", ", _profile.EffectiveCreditValues.Concat(_profile.EffectiveDebitValues))} sein."));
            }
        }

        decimal? Amount(string field, bool required)
        {
            var text = Field(field);
            if (text is null)
            {
                if (required)
                {
                    problems.Add(Problem(field, null, "Betrag fehlt."));
                }

                return null;
            }

            var error = ProviderAmountText.TryParse(text, _profile, currency.MinorUnits, out var amount);
            if (error is not null)
            {
                problems.Add(Problem(field, text, error));
                return null;
            }

            if (_profile.SignHandling == SignHandling.SignColumn && field != nameof(ProviderColumns.Fee) && text.TrimStart().StartsWith('-'))
            {
                problems.Add(Problem(field, text, "Betrag mit Vorzeichen, obwohl eine Soll/Haben-Spalte die Richtung angibt."));
                return null;
            }

            return amount;
        }

        var gross = Amount(nameof(ProviderColumns.Gross), required: true);
        var feeText = Amount(nameof(ProviderColumns.Fee), required: false);
        var net = Amount(nameof(ProviderColumns.Net), required: false);
        var fee = feeText is null ? 0m : _profile.FeeSign == FeeSign.ChargePositive ? feeText.Value : -feeText.Value;
        if (gross is not null && _profile.SignHandling == SignHandling.SignColumn)
        {
            gross *= sign;
            net *= sign;
        }

        if (gross is not null && net is not null && gross.Value - fee != net.Value)
        {
            problems.Add(Problem(nameof(ProviderColumns.Net), Field(nameof(ProviderColumns.Net)), string.Create(CultureInfo.InvariantCulture,
                $"Brutto − Gebühr ergibt nicht Netto: {gross.Value} − {fee} = {gross.Value - fee}, die Zeile sagt {net.Value}.")));
        }

        var date = default(DateOnly);
        var dateText = Field(nameof(ProviderColumns.PaymentDate));
        if (dateText is null)
        {
            problems.Add(Problem(nameof(ProviderColumns.PaymentDate), null, "Zahlungsdatum fehlt."));
        }
        else if (!_profile.EffectiveDateFormats.Any(f => DateOnly.TryParseExact(dateText, f, CultureInfo.InvariantCulture, DateTimeStyles.None, out date)))
        {
            problems.Add(Problem(nameof(ProviderColumns.PaymentDate), dateText, $"Kein Datum im Format {string.Join(" oder ", _profile.EffectiveDateFormats)}."));
        }

        TimeOnly? time = null;
        var timeText = Field(nameof(ProviderColumns.PaymentTime));
        if (timeText is not null)
        {
            if (_profile.EffectiveTimeFormats.Any(f => TimeOnly.TryParseExact(timeText, f, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) && (time = t) is not null))
            {
                // parsed into time
            }
            else
            {
                problems.Add(Problem(nameof(ProviderColumns.PaymentTime), timeText, $"Keine Uhrzeit im Format {string.Join(" oder ", _profile.EffectiveTimeFormats)}."));
            }
        }

        if (problems.Count > 0)
        {
            _problems.AddRange(problems);
            return null;
        }

        var reference = Field(nameof(ProviderColumns.Reference)) ?? Field(nameof(ProviderColumns.AlternativeReference));
        var payoutId = Field(nameof(ProviderColumns.PayoutId)) ?? (kind == ProviderLineKind.Payout ? transactionId : null);
        var netAmount = net ?? gross!.Value - fee;
        return new ProviderReportLine(
            lineNumber, kind, transactionId!, reference,
            new Money(gross!.Value, currency), new Money(fee, currency), new Money(netAmount, currency),
            date, time, payoutId, status, type);
    }

    private string Header(string field) => field switch
    {
        nameof(ProviderColumns.TransactionId) => _profile.Columns.TransactionId,
        nameof(ProviderColumns.Reference) => _profile.Columns.Reference,
        nameof(ProviderColumns.Gross) => _profile.Columns.Gross,
        nameof(ProviderColumns.Fee) => _profile.Columns.Fee ?? field,
        nameof(ProviderColumns.Net) => _profile.Columns.Net ?? field,
        nameof(ProviderColumns.Currency) => _profile.Columns.Currency ?? field,
        nameof(ProviderColumns.PaymentDate) => _profile.Columns.PaymentDate,
        nameof(ProviderColumns.PaymentTime) => _profile.Columns.PaymentTime ?? field,
        nameof(ProviderColumns.Sign) => _profile.Columns.Sign ?? field,
        _ => field,
    };
}
