using System.Globalization;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Service.Dashboard;

/// <content>The tables of returned and rejected own direct debits, shared by the Klärfälle list and a Klärfall's page.</content>
internal abstract partial class ReconPage
{
    /// <summary>
    /// "Rücklastschrift" and "Lastschrift abgelehnt" rows, each with what the cash office has to do;
    /// a clerk also gets the buttons that record it for a return.
    /// </summary>
    protected void DirectDebitFlagTables(DirectDebitFlags flags, string idPrefix)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var decide = HasRole(ServiceRoles.Clerk);
        if (flags.Returns.Count > 0)
        {
            FlagTable("Rücklastschriften: Mahnung oder erneuter Einzug", idPrefix + "-ruecklastschriften",
                ["Buchungstag", "Kassenzeichen", "Verfahren / Anordnung", "wieder offen", "Rückgabegebühr", "Rückgabegrund", "End-to-End-Referenz", "Mandat", "Hinweis"]);
            foreach (var r in flags.Returns)
            {
                WriteLiteral("<tr class=\"danger\">");
                Cell(DashboardFormat.Date(r.BookingDate));
                Cell(r.Kassenzeichen);
                Cell(r.Verfahren + " " + r.AnordnungsNr);
                AmountCell(r.Betrag);
                AmountCell(r.Charges);
                Cell(r.ReturnReason is null ? "–" : r.ReturnReason + ReturnReasonText(r.ReturnReason));
                Cell(r.EndToEndId ?? "–");
                Cell(r.MandateId ?? "–");
                WriteLiteral("<td><span class=\"label label-danger\">Rücklastschrift</span> Soll wieder offen: mahnen oder erneut einziehen");
                if (decide && r.Id > 0)
                {
                    WriteLiteral("<div class=\"text-nowrap\" data-ruecklastschrift=\"");
                    Write(r.Id.ToString(CultureInfo.InvariantCulture));
                    WriteLiteral("\">");
                    foreach (var status in Data.Sepa.DirectDebitReturnStore.Decisions)
                    {
                        PostForm(DirectDebitCommands.PathOf(r.Id, status), DirectDebitCommands.Label(status),
                            $"Rücklastschrift {r.Kassenzeichen} als „{DirectDebitCommands.Label(status)}“ vermerken? Sie verschwindet dann aus der offenen Liste.",
                            new Dictionary<string, string>(), buttonClass: "btn-default btn-xs");
                    }

                    WriteLiteral("</div>");
                }

                WriteLiteral("</td></tr>");
            }

            EndTable();
        }

        if (flags.Rejected.Count > 0)
        {
            FlagTable($"Lastschrift abgelehnt (pain.002, letzte {DirectDebitFlags.RejectedDays.ToString(CultureInfo.InvariantCulture)} Tage)", idPrefix + "-abgelehnt",
                ["Einzugstermin", "Kassenzeichen", "Betrag", "Schuldner", "End-to-End-Referenz", "Mandat", "Grund", "Statusbericht", "Hinweis"]);
            foreach (var r in flags.Rejected)
            {
                WriteLiteral("<tr class=\"warning\">");
                Cell(DashboardFormat.Date(r.RequestedCollectionDate));
                Cell(r.Kassenzeichen ?? "–");
                Cell(r.Amount is { } amount ? DashboardFormat.Amount(amount) : "–", "text-right");
                Cell(r.DebtorName ?? "–");
                Cell(r.EndToEndId ?? (r.Level == "transaction" ? "–" : "ganze Sammellastschrift " + r.PaymentInformationId));
                Cell(r.MandateId ?? "–");
                Cell(RejectionReason(r.ReasonCode, r.ReasonText));
                Cell(r.ReportMessageId);
                WriteLiteral("<td><span class=\"label label-warning\">Lastschrift abgelehnt</span> nicht eingezogen, Soll offen: mahnen oder erneut einziehen</td></tr>");
            }

            EndTable();
        }
    }

    private void FlagTable(string heading, string id, string[] headers)
    {
        WriteLiteral("<h4>");
        Write(heading);
        WriteLiteral($"</h4><div class=\"table-responsive\"><table id=\"{id}\" class=\"table table-striped table-condensed\"><thead><tr>");
        foreach (var header in headers)
        {
            WriteLiteral("<th>");
            Write(header);
            WriteLiteral("</th>");
        }

        WriteLiteral("</tr></thead><tbody>");
    }

    /// <summary>The status report's text (it usually starts with the code), else the code.</summary>
    private static string RejectionReason(string? code, string? text) =>
        string.IsNullOrWhiteSpace(text) ? code ?? "–"
        : code is null || text.StartsWith(code, StringComparison.Ordinal) ? text
        : code + ": " + text;

    /// <summary>The common SEPA return reasons in words (the code stays in front).</summary>
    private static string ReturnReasonText(string code) => code switch
    {
        "AC01" => " (IBAN fehlerhaft)",
        "AC04" => " (Konto erloschen)",
        "AC06" => " (Konto gesperrt)",
        "AG01" => " (Lastschrift auf diesem Konto nicht erlaubt)",
        "AM04" => " (keine Deckung)",
        "MD01" => " (kein Mandat)",
        "MD06" => " (Widerspruch des Zahlers)",
        "MD07" => " (Schuldner verstorben)",
        "MS02" => " (Widerspruch ohne Angabe von Gründen)",
        "MS03" => " (Grund nicht angegeben)",
        "SL01" => " (Dienstleistung der Bank des Zahlers)",
        _ => "",
    };
}
