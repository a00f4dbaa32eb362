using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using PaymentRecon.Camt;

namespace PaymentRecon.Booking;

/// <summary>
/// Writes the run report as JSON (for machines) and as a self-contained, printable German HTML page
/// (for the head of the cash office). Every text from a bank or a Soll file is HTML-encoded.
/// </summary>
public static partial class RunReportWriter
{
    private static readonly UTF8Encoding Utf8NoBom = new(false);

    public static void WriteJson(Stream stream, RunReport report)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(report);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) });
        json.WriteStartObject();
        json.WriteString("runId", report.RunId);
        json.WriteString("businessDate", report.BusinessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (report.StartedAt is { } started)
        {
            json.WriteString("startedAt", started);
        }

        json.WriteString("bookingFile", report.BookingFile);
        json.WriteBoolean("controlSumHolds", report.ControlSumHolds);

        json.WriteStartArray("files");
        foreach (var file in report.Files)
        {
            json.WriteStartObject();
            json.WriteString("name", file.Name);
            json.WriteString("kind", file.Kind);
            json.WriteBoolean("accepted", file.Accepted);
            json.WriteStartArray("problems");
            foreach (var problem in file.Problems)
            {
                json.WriteStringValue(problem);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("statements");
        foreach (var statement in report.Statements)
        {
            json.WriteStartObject();
            json.WriteString("id", statement.Id);
            json.WriteString("iban", statement.Iban);
            WriteNumber(json, "electronicSequenceNumber", statement.ElectronicSequenceNumber);
            WriteNumber(json, "legalSequenceNumber", statement.LegalSequenceNumber);
            if (statement.Balance is { } balance)
            {
                json.WriteStartObject("balanceCheck");
                json.WriteString("outcome", balance.OutcomeCode);
                WriteAmount(json, "opening", balance.Opening);
                WriteAmount(json, "credits", balance.BookedCredits);
                WriteAmount(json, "debits", balance.BookedDebits);
                WriteAmount(json, "closing", balance.Closing);
                WriteAmount(json, "difference", balance.Difference);
                json.WriteString("explanation", balance.Explanation);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("balanceCheck");
            }

            if (statement.ControlSum is { } sum)
            {
                json.WriteStartObject("controlSum");
                json.WriteBoolean("holds", sum.Holds);
                json.WriteNumber("entries", sum.EntryCount);
                json.WriteNumber("booked", sum.BookedCount);
                json.WriteNumber("outOfScope", sum.OutOfScopeCount);
                WriteAmount(json, "turnover", sum.Turnover);
                WriteAmount(json, "bookedSum", sum.BookedSum);
                WriteAmount(json, "outOfScopeSum", sum.OutOfScopeSum);
                json.WriteNumber("violations", sum.ViolationCount);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("controlSum");
            }

            json.WriteString("note", statement.Note);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("outcomes");
        foreach (var outcome in report.Outcomes)
        {
            json.WriteStartObject();
            json.WriteString("outcome", outcome.Outcome.ToString());
            json.WriteString("rule", outcome.Rule);
            json.WriteNumber("count", outcome.Count);
            WriteAmount(json, "sum", outcome.Sum);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteEntries(json, "outOfScope", report.OutOfScope);
        WriteEntries(json, "pendingBatches", report.PendingBatches);
        WriteProvidersAndSepa(json, report);
        WriteEntries(json, "refunds", report.Refunds);
        json.WriteStartArray("sequenceAlerts");
        foreach (var alert in report.SequenceAlerts)
        {
            json.WriteStringValue(alert);
        }

        json.WriteEndArray();
        var k = report.Klaerfaelle;
        json.WriteStartObject("klaerfaelle");
        json.WriteNumber("opened", k.Opened);
        WriteAmount(json, "openedSum", k.OpenedSum);
        json.WriteNumber("resolved", k.Resolved);
        WriteAmount(json, "resolvedSum", k.ResolvedSum);
        json.WriteNumber("openAfterRun", k.OpenAfterRun);
        WriteAmount(json, "openAfterRunSum", k.OpenAfterRunSum);
        json.WriteEndObject();
        json.WriteStartArray("controlSumViolations");
        foreach (var violation in report.ControlSumViolations)
        {
            json.WriteStartObject();
            json.WriteString("statementId", violation.StatementId);
            json.WriteString("entry", violation.EntryReference);
            json.WriteString("message", violation.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        stream.Write("\n"u8);
    }

    public static void WriteHtml(Stream stream, RunReport report)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(report);
        using var writer = new StreamWriter(stream, Utf8NoBom, leaveOpen: true) { NewLine = "\n" };
        WriteHtml(writer, report);
    }

    public static void WriteHtml(TextWriter writer, RunReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        var h = new StringBuilder(16 * 1024);
        var date = GermanFormat.Date(report.BusinessDate);
        h.Append("<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<title>Abgleichbericht ").Append(E(date)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        h.Append("<header><h1>Abgleichbericht vom ").Append(E(date)).Append("</h1>\n<p class=\"meta\">Lauf ").Append(E(report.RunId));
        if (report.StartedAt is { } started)
        {
            h.Append(" · gestartet ").Append(E(started.ToString("dd.MM.yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture)));
        }

        h.Append(" · Buchungsdatei ").Append(report.BookingFile is null ? "keine (nichts zu exportieren)" : E(report.BookingFile)).Append("</p>\n");
        h.Append(report.ControlSumHolds && !report.HasBalanceMismatch
            ? "<p class=\"status ok\">Kontrollsumme stimmt: jeder Umsatz ist genau einmal gebucht oder als nicht zu buchen ausgewiesen.</p>\n"
            : "<p class=\"status bad\">Achtung: " + (report.ControlSumHolds ? "" : "Kontrollsumme verletzt. ") + (report.HasBalanceMismatch ? "Saldenprüfung mit Differenz." : "") + "</p>\n");
        h.Append("</header>\n");

        TableSection(h, "Dateien", report.Files, "Keine Dateien im Eingang.", ["Datei", "Art", "Ergebnis", "Probleme"], (h, file) =>
        {
            h.Append("<tr").Append(file.Accepted ? "" : " class=\"bad\"").Append("><td>").Append(E(file.Name)).Append("</td><td>").Append(E(file.Kind))
                .Append("</td><td>").Append(file.Accepted ? "übernommen" : "abgewiesen (Quarantäne)").Append("</td><td>");
            AppendList(h, file.Problems);
            h.Append("</td></tr>\n");
        });

        Section(h, "Kontoauszüge: Saldenprüfung und Kontrollsumme");
        if (report.Statements.Count == 0)
        {
            h.Append("<p>Keine Kontoauszüge in diesem Lauf.</p>\n");
        }

        foreach (var statement in report.Statements)
        {
            h.Append("<div class=\"statement\">\n<h3>Auszug ").Append(E(statement.Id));
            if (statement.ElectronicSequenceNumber is { } sequence)
            {
                h.Append(" · Nr. ").Append(sequence.ToString(CultureInfo.InvariantCulture));
            }

            if (statement.LegalSequenceNumber is { } legal)
            {
                h.Append(" · Auszugsnr. ").Append(legal.ToString(CultureInfo.InvariantCulture));
            }

            if (statement.Iban is not null)
            {
                h.Append(" · Konto ").Append(E(statement.Iban));
            }

            h.Append("</h3>\n<table class=\"figures\">\n<tbody>\n");
            if (statement.Balance is { } balance)
            {
                Row(h, "Anfangssaldo", Amount(balance.Opening));
                Row(h, "+ Gutschriften (" + balance.BookedCreditCount.ToString(CultureInfo.InvariantCulture) + ")", Amount(balance.BookedCredits));
                Row(h, "− Belastungen (" + balance.BookedDebitCount.ToString(CultureInfo.InvariantCulture) + ")", Amount(balance.BookedDebits));
                Row(h, "= Endsaldo laut Bank", Amount(balance.Closing));
                Row(h, "Saldenprüfung", BalanceLabel(balance), balance.Outcome == BalanceCheckOutcome.Mismatch ? "bad" : balance.Outcome == BalanceCheckOutcome.Ok ? "ok" : null);
            }
            else
            {
                Row(h, "Saldenprüfung", "nicht möglich (keine Salden, z. B. camt.054)");
            }

            if (statement.ControlSum is { } sum)
            {
                Row(h, "Umsätze", sum.EntryCount.ToString(CultureInfo.InvariantCulture) + " über " + Amount(sum.Turnover));
                Row(h, "davon gebucht (IST/VWG/GEB)", sum.BookedCount.ToString(CultureInfo.InvariantCulture) + " über " + Amount(sum.BookedSum));
                Row(h, "davon nicht zu buchen", sum.OutOfScopeCount.ToString(CultureInfo.InvariantCulture) + " über " + Amount(sum.OutOfScopeSum));
                Row(h, "Kontrollsumme", sum.Holds ? "stimmt" : "verletzt (" + sum.ViolationCount.ToString(CultureInfo.InvariantCulture) + " Umsätze)", sum.Holds ? "ok" : "bad");
            }
            else
            {
                Row(h, "Kontrollsumme", "nicht abgeglichen in diesem Lauf");
            }

            h.Append("</tbody>\n</table>\n");
            if (statement.Note is not null)
            {
                h.Append("<p class=\"note\">").Append(E(statement.Note)).Append("</p>\n");
            }

            h.Append("</div>\n");
        }

        TableSection(h, "Umsätze nach Ergebnis", report.Outcomes, "Keine Umsätze abgeglichen.", ["Ergebnis", "Regel", "#Anzahl", "#Summe EUR"], (h, outcome) =>
            h.Append("<tr><td>").Append(E(ReportOutcome.Label(outcome.Outcome))).Append("</td><td><code>").Append(E(outcome.Rule)).Append("</code></td><td class=\"num\">")
                .Append(outcome.Count.ToString(CultureInfo.InvariantCulture)).Append("</td><td class=\"num\">").Append(E(GermanFormat.Number(outcome.Sum))).Append("</td></tr>\n"),
            h => h.Append("<tr class=\"total\"><td colspan=\"2\">Gesamt</td><td class=\"num\">").Append(report.Outcomes.Sum(o => o.Count).ToString(CultureInfo.InvariantCulture))
                .Append("</td><td class=\"num\">").Append(E(GermanFormat.Number(report.Outcomes.Sum(o => o.Sum)))).Append("</td></tr>\n"));

        var k = report.Klaerfaelle;
        Section(h, "Klärfälle");
        h.Append("<table class=\"figures\">\n<tbody>\n");
        Row(h, "neu in diesem Lauf", k.Opened.ToString(CultureInfo.InvariantCulture) + " über " + Amount(k.OpenedSum));
        Row(h, "nachträglich zugeordnet", k.Resolved.ToString(CultureInfo.InvariantCulture) + " über " + Amount(k.ResolvedSum));
        Row(h, "offen nach dem Lauf", k.OpenAfterRun.ToString(CultureInfo.InvariantCulture) + " über " + Amount(k.OpenAfterRunSum));
        h.Append("</tbody>\n</table>\n");

        EntriesSection(h, "Nicht zu buchende Umsätze (kein Zahlungseingang)", report.OutOfScope, "Keine.");
        EntriesSection(h, "Sammelbuchungen ohne Einzelaufstellung (camt.054 ausstehend)", report.PendingBatches, "Keine offenen Sammelbuchungen.");
        ProvidersAndSepaHtml(h, report);
        EntriesSection(h, "Rückzahlungen (Auszahlungsanordnung erforderlich)", report.Refunds, "Keine neuen Rückzahlungen.");

        Section(h, "Hinweise zur Auszugsfolge");
        if (report.SequenceAlerts.Count == 0)
        {
            h.Append("<p>Keine Lücken in der Auszugsfolge.</p>\n");
        }
        else
        {
            h.Append("<ul class=\"alerts\">\n");
            foreach (var alert in report.SequenceAlerts)
            {
                h.Append("<li>").Append(E(alert)).Append("</li>\n");
            }

            h.Append("</ul>\n");
        }

        if (report.ControlSumViolations.Count > 0)
        {
            TableSection(h, "Verletzungen der Kontrollsumme", report.ControlSumViolations, "", ["Auszug", "Umsatz", "Problem"], (h, violation) =>
                h.Append("<tr class=\"bad\"><td>").Append(E(violation.StatementId)).Append("</td><td>").Append(E(violation.EntryReference)).Append("</td><td>")
                    .Append(E(violation.Message)).Append("</td></tr>\n"));
        }

        h.Append("<footer>Erstellt von PaymentRecon · Lauf ").Append(E(report.RunId)).Append("</footer>\n</body>\n</html>\n");
        writer.Write(h.ToString());
    }

    private const string Css = """
        body { font-family: "Segoe UI", "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #111; margin: 2em auto; max-width: 60em; padding: 0 1em; }
        h1 { font-size: 16pt; margin: 0 0 .2em; }
        h2 { font-size: 12.5pt; border-bottom: 1px solid #999; padding-bottom: .15em; margin: 1.6em 0 .6em; }
        h3 { font-size: 11pt; margin: 1em 0 .4em; }
        .meta, footer { color: #555; font-size: 9pt; }
        footer { margin-top: 2.5em; border-top: 1px solid #ccc; padding-top: .4em; }
        table { border-collapse: collapse; width: 100%; margin: .3em 0 .8em; }
        th, td { border: 1px solid #bbb; padding: .25em .5em; text-align: left; vertical-align: top; }
        th { background: #eee; }
        table.figures { width: auto; min-width: 28em; }
        table.figures th, table.figures td:first-child { width: 16em; }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tr.total td { font-weight: bold; }
        .status { padding: .4em .6em; border: 1px solid; font-weight: bold; }
        .ok { color: #0b5d1e; }
        .status.ok { background: #e8f4ea; }
        .bad { color: #8a1010; }
        .status.bad { background: #f9e6e6; }
        ul { margin: .2em 0; padding-left: 1.2em; }
        code { font-size: 9.5pt; }
        .statement { page-break-inside: avoid; }
        @media print {
          body { margin: 0; max-width: none; font-size: 9.5pt; }
          h2 { page-break-after: avoid; }
          tr { page-break-inside: avoid; }
          .status.ok, .status.bad, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """;

    private static void EntriesSection(StringBuilder h, string title, IReadOnlyList<ReportEntry> entries, string empty) =>
        TableSection(h, title, entries, empty, ["Auszug", "Buchungstag", "#Betrag", "Regel", "Text"], (h, entry) =>
            h.Append("<tr><td>").Append(E(entry.StatementId)).Append("</td><td>").Append(E(GermanFormat.Date(entry.BookingDate))).Append("</td><td class=\"num\">")
                .Append(E(GermanFormat.Amount(entry.Amount))).Append("</td><td><code>").Append(E(entry.Rule)).Append("</code></td><td>").Append(E(entry.Text ?? "")).Append("</td></tr>\n"));

    /// <summary>A heading and a table of <paramref name="items"/>, or a sentence when there are none. A header starting with # is a number column.</summary>
    private static void TableSection<T>(StringBuilder h, string title, IReadOnlyList<T> items, string empty, string[] headers, Action<StringBuilder, T> row, Action<StringBuilder>? footer = null)
    {
        Section(h, title);
        if (items.Count == 0)
        {
            h.Append("<p>").Append(E(empty)).Append("</p>\n");
            return;
        }

        h.Append("<table>\n<thead><tr>");
        foreach (var header in headers)
        {
            h.Append(header.StartsWith('#') ? "<th class=\"num\">" : "<th>").Append(E(header.TrimStart('#'))).Append("</th>");
        }

        h.Append("</tr></thead>\n<tbody>\n");
        foreach (var item in items)
        {
            row(h, item);
        }

        footer?.Invoke(h);
        h.Append("</tbody>\n</table>\n");
    }

    private static void Section(StringBuilder h, string title) => h.Append("<h2>").Append(E(title)).Append("</h2>\n");

    private static void Row(StringBuilder h, string label, string value, string? cssClass = null)
    {
        h.Append("<tr><th>").Append(E(label)).Append("</th><td class=\"num");
        if (cssClass is not null)
        {
            h.Append(' ').Append(cssClass);
        }

        h.Append("\">").Append(E(value)).Append("</td></tr>\n");
    }

    private static void AppendList(StringBuilder h, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        h.Append("<ul>");
        foreach (var item in items)
        {
            h.Append("<li>").Append(E(item)).Append("</li>");
        }

        h.Append("</ul>");
    }

    private static string BalanceLabel(BalanceCheck balance) => balance.Outcome switch
    {
        BalanceCheckOutcome.Ok => "stimmt",
        BalanceCheckOutcome.Mismatch => "Differenz " + Amount(balance.Difference) + ": Buchung gesperrt",
        _ => "nicht möglich (Saldo fehlt)",
    };

    private static string Amount(decimal? value) => value is { } v ? GermanFormat.Number(v) + " EUR" : "–";

    // Only the five characters that matter in HTML: umlauts stay readable in the UTF-8 page.
    private static string E(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }

        var encoded = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            encoded.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            });
            if (c is not ('&' or '<' or '>' or '"' or '\''))
            {
                encoded.Append(c);
            }
        }

        return encoded.ToString();
    }

    private static void WriteAmount(Utf8JsonWriter json, string name, decimal? value)
    {
        json.WritePropertyName(name);
        if (value is { } v)
        {
            json.WriteRawValue(v.ToString("0.00###", CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNullValue();
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteEntries(Utf8JsonWriter json, string name, IReadOnlyList<ReportEntry> entries)
    {
        json.WriteStartArray(name);
        foreach (var entry in entries)
        {
            json.WriteStartObject();
            json.WriteString("statementId", entry.StatementId);
            json.WriteString("bookingDate", entry.BookingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            WriteAmount(json, "amount", entry.Amount.Amount);
            json.WriteString("currency", entry.Amount.Currency.Code);
            json.WriteString("rule", entry.Rule);
            json.WriteString("text", entry.Text);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
