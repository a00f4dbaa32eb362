using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PaymentRecon.Booking;

/// <summary>The report sections on payment providers and own direct debits.</summary>
public static partial class RunReportWriter
{
    private static void WriteProvidersAndSepa(Utf8JsonWriter json, RunReport report)
    {
        WriteEntries(json, "pendingPayouts", report.PendingPayouts);
        json.WriteStartArray("missingPayouts");
        foreach (var payout in report.MissingPayouts)
        {
            json.WriteStartObject();
            json.WriteString("profile", payout.Profile);
            json.WriteString("payoutId", payout.PayoutId);
            json.WriteNumber("lines", payout.LineCount);
            WriteAmount(json, "expectedAmount", payout.ExpectedAmount);
            json.WriteString("since", payout.Since?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteNumber("daysWaiting", payout.DaysWaiting);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("directDebitReturns");
        foreach (var r in report.DirectDebitReturns)
        {
            json.WriteStartObject();
            json.WriteString("bookingDate", r.BookingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("kassenzeichen", r.Kassenzeichen);
            json.WriteString("verfahren", r.Verfahren);
            json.WriteString("anordnungsNr", r.AnordnungsNr);
            WriteAmount(json, "amount", r.Amount);
            WriteAmount(json, "charges", r.Charges);
            json.WriteString("returnReason", r.ReturnReason);
            json.WriteString("endToEndId", r.EndToEndId);
            json.WriteString("mandateId", r.MandateId);
            json.WriteString("action", "Mahnung oder erneuter Einzug");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("rejectedDirectDebits");
        foreach (var r in report.RejectedDirectDebits)
        {
            json.WriteStartObject();
            json.WriteString("statusReport", r.StatusReport);
            json.WriteString("level", r.Level);
            json.WriteString("paymentInformationId", r.PaymentInformationId);
            json.WriteString("endToEndId", r.EndToEndId);
            json.WriteString("kassenzeichen", r.Kassenzeichen);
            WriteAmount(json, "amount", r.Amount);
            json.WriteString("debtorName", r.DebtorName);
            json.WriteString("mandateId", r.MandateId);
            json.WriteString("reasonCode", r.ReasonCode);
            json.WriteString("reasonText", r.ReasonText);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void ProvidersAndSepaHtml(StringBuilder h, RunReport report)
    {
        EntriesSection(h, "Auszahlungen von Zahlungsdienstleistern ohne Abrechnung (verwahrt)", report.PendingPayouts, "Keine Auszahlung wartet auf ihre Abrechnung.");
        TableSection(h, "Abrechnungen ohne Auszahlung (Auszahlung nicht eingegangen)", report.MissingPayouts, "Keine überfälligen Auszahlungen.",
            ["Dienstleister", "Auszahlung", "#Zeilen", "#Erwartet", "Seit", "#Tage"], (h, p) =>
                h.Append("<tr><td>").Append(E(p.Profile)).Append("</td><td>").Append(E(p.PayoutId)).Append("</td><td class=\"num\">")
                    .Append(p.LineCount.ToString(CultureInfo.InvariantCulture)).Append("</td><td class=\"num\">").Append(E(Amount(p.ExpectedAmount)))
                    .Append("</td><td>").Append(p.Since is { } since ? E(GermanFormat.Date(since)) : "–").Append("</td><td class=\"num bad\">")
                    .Append(p.DaysWaiting.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n"));
        TableSection(h, "Rücklastschriften: Mahnung oder erneuter Einzug", report.DirectDebitReturns, "Keine Rücklastschriften eigener Lastschriften.",
            ["Buchungstag", "Kassenzeichen", "Verfahren / AnordnungsNr", "#Wieder offen", "#Gebühr", "Grund", "Mandat"], (h, r) =>
                h.Append("<tr><td>").Append(E(GermanFormat.Date(r.BookingDate))).Append("</td><td>").Append(E(r.Kassenzeichen)).Append("</td><td>")
                    .Append(E(r.Verfahren)).Append(' ').Append(E(r.AnordnungsNr)).Append("</td><td class=\"num\">").Append(E(Amount(r.Amount)))
                    .Append("</td><td class=\"num\">").Append(E(Amount(r.Charges))).Append("</td><td>").Append(E(r.ReturnReason ?? "–"))
                    .Append("</td><td>").Append(E(r.MandateId ?? "–")).Append("</td></tr>\n"));
        TableSection(h, "Lastschrift abgelehnt (pain.002, nichts gebucht, Soll bleibt offen)", report.RejectedDirectDebits, "Keine abgelehnten Lastschriften.",
            ["Statusbericht", "Ebene", "Kassenzeichen", "#Betrag", "Zahler", "EndToEndId", "Grund"], (h, r) =>
                h.Append("<tr><td>").Append(E(r.StatusReport)).Append("</td><td>").Append(E(LevelLabel(r.Level))).Append("</td><td>").Append(E(r.Kassenzeichen ?? "–"))
                    .Append("</td><td class=\"num\">").Append(E(Amount(r.Amount))).Append("</td><td>").Append(E(r.DebtorName ?? "–")).Append("</td><td>")
                    .Append(E(r.EndToEndId ?? r.PaymentInformationId ?? "–")).Append("</td><td>")
                    .Append(E(string.Join(" ", new[] { r.ReasonCode, r.ReasonText }.Where(t => !string.IsNullOrWhiteSpace(t))))).Append("</td></tr>\n"));
    }

    private static string LevelLabel(string level) => level switch
    {
        "transaction" => "Einzelne Lastschrift",
        "payment_information" => "Ganzer Sammler (PmtInf)",
        "group" => "Ganze Datei",
        _ => level,
    };
}
