using System.Globalization;
using PaymentRecon.Data.Klaerfaelle;

namespace PaymentRecon.Host.Service.Dashboard;

/// <summary>
/// One Klärfall: the payment as the bank sent it and where it came from, why it was not booked,
/// the ranked suggestions with the open Soll they would pay, a Soll search, the actions (forms,
/// POST with antiforgery, only for the roles that may use them), proposals and the audit trail.
/// Every text from the bank or a Fachverfahren goes through <c>Write</c> (HTML-encoded).
/// </summary>
internal sealed partial class KlaerfallDetailPage : ReconPage
{
    public const string Route = @"/klaerfaelle/(?<id>\d+)";

    private readonly long _id;
    private KlaerfallDetail? _detail;

    public KlaerfallDetailPage(long id) => _id = id;

    public static string Path(long id) => "/klaerfaelle/" + id.ToString(CultureInfo.InvariantCulture);

    protected override string Title => "Klärfall " + _id.ToString(CultureInfo.InvariantCulture);

    protected override void Render()
    {
        var queries = Service<KlaerfallQueries>();
        _detail = queries.DetailAsync(_id, Http.RequestAborted).GetAwaiter().GetResult();
        WriteLiteral("<p>");
        Link(KlaerfaellePage.Route, "← zur Liste der Klärfälle");
        WriteLiteral("</p>");
        if (_detail is null)
        {
            Http.Response.StatusCode = StatusCodes.Status404NotFound;
            Paragraph("Diesen Klärfall gibt es nicht.", "alert alert-warning");
            return;
        }

        var detail = _detail;
        Summary(detail);
        DirectDebitFlagsOf(detail);
        WriteLiteral("<div class=\"row\"><div class=\"col-md-6\">");
        Payment(detail);
        WriteLiteral("</div><div class=\"col-md-6\">");
        Origin(detail);
        WhyNotAutomatic(detail);
        WriteLiteral("</div></div>");
        Suggestions(detail);
        SollSearch(queries);
        Actions(detail, queries);
        Proposals(detail);
        Notes(detail);
        AuditTrail(detail);
    }

    private void Summary(KlaerfallDetail detail)
    {
        WriteLiteral("<div id=\"klaerfall-kopf\" class=\"well well-sm\"><span class=\"lead\">");
        Write(DashboardFormat.Amount(detail.Betrag));
        WriteLiteral("</span> als Verwahrgeld &nbsp;·&nbsp; Status: <strong>");
        Write(KlaerfallLabels.Status(detail.Status));
        WriteLiteral("</strong> &nbsp;·&nbsp; Grund: <strong>");
        Write(KlaerfallLabels.Rule(detail.Rule));
        WriteLiteral("</strong> <small class=\"text-muted\">");
        Write(detail.Rule);
        WriteLiteral("</small> &nbsp;·&nbsp; offen seit ");
        Write(DashboardFormat.Date(detail.OpenedOn));
        WriteLiteral(" &nbsp;·&nbsp; Bearbeitung: <strong id=\"klaerfall-bearbeitung\">");
        Write(detail.AssignedTo ?? "niemand");
        WriteLiteral("</strong>");
        if (detail.PendingProposal is not null)
        {
            WriteLiteral(" &nbsp;<span class=\"label label-warning\">Vorschlag wartet auf Freigabe</span>");
        }

        WriteLiteral("</div>");
    }

    /// <summary>Returned or rejected own direct debits on a Kassenzeichen this Klärfall may pay (or on its EndToEndId or mandate).</summary>
    private void DirectDebitFlagsOf(KlaerfallDetail detail)
    {
        var flags = DirectDebitFlags.LoadAsync(Service<Npgsql.NpgsqlDataSource>(), Service<TimeProvider>().GetUtcNow(), Http.RequestAborted).GetAwaiter().GetResult()
            .About([.. detail.Suggestions.Select(s => s.Kassenzeichen), detail.CreditorReference, .. Prefilled()], detail.EndToEndId, detail.MandateId);
        if (flags.IsEmpty)
        {
            return;
        }

        WriteLiteral("<div id=\"lastschrift-hinweise\" class=\"panel panel-warning\"><div class=\"panel-heading\"><strong>");
        Write("Lastschrift zurückgegeben oder abgelehnt");
        WriteLiteral("</strong> – ");
        Write("ein betroffener Soll ist wieder offen: vor der Zuordnung prüfen, ob diese Zahlung die Rücklastschrift ausgleicht; sonst mahnen oder erneut einziehen.");
        WriteLiteral("</div><div class=\"panel-body\">");
        DirectDebitFlagTables(flags, "klaerfall");
        WriteLiteral("</div></div>");
    }

    private void Payment(KlaerfallDetail detail)
    {
        WriteLiteral("<h3>Zahlung, wie die Bank sie meldet</h3><table id=\"zahlung\" class=\"table table-condensed\"><tbody>");
        Row("Betrag", DashboardFormat.Amount(detail.ReceiptAmount) + (detail.Currency == "EUR" ? "" : " (" + detail.Currency + ")"));
        Row("Buchungstag", DashboardFormat.Date(detail.BookingDate));
        Row("Wertstellung", DashboardFormat.Date(detail.ValueDate));
        Row("Zahler", detail.PayerName ?? "–");
        Row("IBAN des Zahlers", KlaerfaellePage.FormatIban(detail.PayerIban));
        WriteLiteral("<tr><th>Verwendungszweck</th><td id=\"verwendungszweck\">");
        if (detail.RemittanceLines.Count == 0)
        {
            Write("–");
        }

        foreach (var line in detail.RemittanceLines)
        {
            WriteLiteral("<div style=\"font-family:monospace;white-space:pre-wrap\">");
            Write(line);
            WriteLiteral("</div>");
        }

        WriteLiteral("</td></tr>");
        Row("End-to-End-Referenz", detail.EndToEndId);
        Row("Bankreferenz", detail.AccountServicerReference);
        Row("Mandatsreferenz", detail.MandateId);
        Row("Gläubigerreferenz", detail.CreditorReference);
        Row("Buchungscode", detail.BankTransactionCode);
        Row("Zusatzinformation", detail.AdditionalInformation);
        WriteLiteral("</tbody></table>");
    }

    private void Origin(KlaerfallDetail detail)
    {
        WriteLiteral("<h3>Herkunft</h3><table id=\"herkunft\" class=\"table table-condensed\"><tbody>");
        Row("Konto", KlaerfaellePage.FormatIban(detail.AccountIban ?? detail.AccountKey));
        Row("Auszug", detail.MessageType + " " + detail.StatementId +
            (detail.ElectronicSequence is { } e ? ", elektronische Nr. " + e.ToString(CultureInfo.InvariantCulture) : "") +
            (detail.LegalSequence is { } l ? ", Auszugsnr. " + l.ToString(CultureInfo.InvariantCulture) : ""));
        Row("Datei", detail.FileName);
        Row("Archiviert unter", detail.ArchivePath);
        Row("SHA-256", detail.FileSha256);
        Row("Stelle in der Datei", detail.EntryXmlPath);
        Row("Lauf", detail.OpenedRunId is { } run ? "eröffnet in Lauf " + run.ToString(CultureInfo.InvariantCulture) : null);
        WriteLiteral("</tbody></table>");
    }

    private void WhyNotAutomatic(KlaerfallDetail detail)
    {
        WriteLiteral("<h3>Warum nicht automatisch gebucht</h3><ul id=\"gruende\">");
        foreach (var reason in detail.Reasons)
        {
            WriteLiteral("<li>");
            Write(reason);
            WriteLiteral("</li>");
        }

        WriteLiteral("</ul>");
    }

    private void Suggestions(KlaerfallDetail detail)
    {
        WriteLiteral("<h3>Vorschläge</h3>");
        if (detail.Suggestions.Count == 0)
        {
            Paragraph("Die Zuordnung hat keinen passenden Soll gefunden. Die Soll-Suche unten sucht nach Kassenzeichen, Schuldner oder Betrag.");
            return;
        }

        var canPrefill = CanPropose(detail);
        WriteLiteral("<div class=\"table-responsive\"><table id=\"vorschlaege\" class=\"table table-condensed\"><thead><tr><th>Rang</th><th>Kassenzeichen</th><th>Punkte</th><th>Schuldner</th><th>Warum</th><th>Offener Soll, den er bezahlen würde</th><th></th></tr></thead><tbody>");
        foreach (var suggestion in detail.Suggestions)
        {
            WriteLiteral("<tr>");
            Cell(suggestion.Rank.ToString(CultureInfo.InvariantCulture));
            Cell(suggestion.Kassenzeichen);
            Cell(suggestion.Score.ToString(CultureInfo.InvariantCulture));
            Cell(suggestion.DebtorName);
            WriteLiteral("<td><small>");
            foreach (var reason in suggestion.Reasons)
            {
                Write(reason);
                WriteLiteral("<br>");
            }

            WriteLiteral("</small></td><td><small>");
            if (suggestion.OpenSoll.Count == 0)
            {
                Write("nichts mehr offen (war " + DashboardFormat.Amount(suggestion.OpenAmountWhenSuggested) + ")");
            }

            foreach (var soll in suggestion.OpenSoll)
            {
                SollLine(soll);
                WriteLiteral("<br>");
            }

            WriteLiteral("</small></td><td>");
            if (canPrefill && suggestion.OpenSoll.Count > 0)
            {
                PrefillLink(suggestion.Kassenzeichen);
            }

            WriteLiteral("</td></tr>");
        }

        EndTable();
    }

    private void SollSearch(KlaerfallQueries queries)
    {
        var text = Http.Request.Query["soll"].ToString().Trim();
        WriteLiteral("<h3 id=\"soll-suche\">Soll suchen</h3><form method=\"get\" class=\"form-inline\" action=\"");
        Write(Url.To(Path(_id)));
        WriteLiteral("#soll-suche\">");
        foreach (var kassenzeichen in Prefilled())
        {
            WriteLiteral("<input type=\"hidden\" name=\"uebernehmen\" value=\"");
            Write(kassenzeichen);
            WriteLiteral("\">");
        }

        WriteLiteral("<input type=\"search\" class=\"form-control input-sm\" style=\"width:28em\" name=\"soll\" placeholder=\"Kassenzeichen, Schuldner oder Betrag\" value=\"");
        Write(text);
        WriteLiteral("\"> <button type=\"submit\" class=\"btn btn-default btn-sm\">Suchen</button></form>");
        if (text.Length == 0)
        {
            return;
        }

        var hits = queries.SearchSollAsync(text, 25, Http.RequestAborted).GetAwaiter().GetResult();
        if (hits.Count == 0)
        {
            Paragraph("Kein offener Soll gefunden für „" + text + "“.");
            return;
        }

        var canPrefill = _detail is not null && CanPropose(_detail);
        WriteLiteral("<div id=\"soll-treffer\">");
        BeginTable("Kassenzeichen", "Verfahren", "Anordnung", "Schuldner", "Text", "Fällig", "Betrag", "Offen", "");
        foreach (var hit in hits)
        {
            WriteLiteral("<tr>");
            Cell(hit.Kassenzeichen);
            Cell(hit.Verfahren);
            Cell(hit.AnordnungsNr);
            Cell(hit.Schuldner);
            Cell(hit.Text);
            Cell(DashboardFormat.Date(hit.Faellig));
            AmountCell(hit.Betrag);
            AmountCell(hit.OpenAmount);
            WriteLiteral("<td>");
            if (canPrefill)
            {
                PrefillLink(hit.Kassenzeichen);
            }

            WriteLiteral("</td></tr>");
        }

        EndTable();
        WriteLiteral("</div>");
    }

    private void SollLine(SollHit soll)
    {
        Write(soll.Verfahren + " " + soll.AnordnungsNr + ": offen " + DashboardFormat.Amount(soll.OpenAmount) + " von " +
              DashboardFormat.Amount(soll.Betrag) + ", fällig " + DashboardFormat.Date(soll.Faellig) + " – " + soll.Schuldner);
        if (!string.IsNullOrEmpty(soll.Text))
        {
            Write(" (" + soll.Text + ")");
        }
    }

    /// <summary>"Übernehmen": this page again with the Kassenzeichen added to the forms (one click, works without JavaScript).</summary>
    private void PrefillLink(string kassenzeichen)
    {
        var chosen = Prefilled().Append(kassenzeichen).Distinct(StringComparer.Ordinal);
        var query = string.Join("&", chosen.Select(k => "uebernehmen=" + Uri.EscapeDataString(k)));
        WriteLiteral("<a class=\"btn btn-xs btn-default\" data-uebernehmen=\"");
        Write(kassenzeichen);
        WriteLiteral("\" href=\"");
        Write(Url.To(Path(_id)) + "?" + query + "#aktionen");
        WriteLiteral("\">Übernehmen</a>");
    }

    /// <summary>The Kassenzeichen the clerk took over from suggestions or the Soll search, in order.</summary>
    private IEnumerable<string> Prefilled() =>
        Http.Request.Query["uebernehmen"].Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k!.Trim()).Distinct(StringComparer.Ordinal).Take(KlaerfallCommands.MaxSplitParts);

    private void Row(string label, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        WriteLiteral("<tr><th style=\"width:35%\">");
        Write(label);
        WriteLiteral("</th><td style=\"word-break:break-all\">");
        Write(value);
        WriteLiteral("</td></tr>");
    }
}
