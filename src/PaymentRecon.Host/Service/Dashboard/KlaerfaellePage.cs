using System.Globalization;
using PaymentRecon.Data.Klaerfaelle;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Service.Dashboard;

/// <summary>
/// "Klärfälle": the clerks' worklist. Filters, sort and page live in the query string
/// (<see cref="KlaerfallListQuery"/>), so every view can be bookmarked; the sum is the open amount
/// of the whole filtered set, not of the page. Operators get "Export jetzt". Below the list: own
/// direct debits that came back or were rejected, so the cash office can dun or collect again.
/// </summary>
internal sealed class KlaerfaellePage : ReconPage
{
    public const string Route = "/klaerfaelle";
    private const int PageSize = 50;

    protected override string Title => "Klärfälle";

    protected override void Render()
    {
        var today = NightlyJob.BusinessDateOf(Service<TimeProvider>().GetUtcNow(), Options.TimeZone);
        var query = KlaerfallListQuery.Parse(Http.Request.Query, today, PageSize);
        var queries = Service<KlaerfallQueries>();
        var result = queries.ListAsync(query.Filter, Http.RequestAborted).GetAwaiter().GetResult();
        var (accounts, rules, assigned) = queries.FilterValuesAsync(Http.RequestAborted).GetAwaiter().GetResult();
        var flags = DirectDebitFlags.LoadAsync(Service<Npgsql.NpgsqlDataSource>(), Service<TimeProvider>().GetUtcNow(), Http.RequestAborted).GetAwaiter().GetResult();

        if (HasRole(ServiceRoles.Operator))
        {
            WriteLiteral("<div class=\"well well-sm\">");
            PostForm(KlaerfallDashboard.ExportNowCommand, "Export jetzt",
                "Jetzt eine Buchungsdatei mit allen freigegebenen, noch nicht exportierten Buchungen schreiben?",
                new Dictionary<string, string>(), buttonClass: "btn-warning");
            WriteLiteral(" <span class=\"text-muted\">schreibt freigegebene Zuordnungen sofort in eine Buchungsdatei, statt bis zum Nachtlauf zu warten.</span></div>");
        }

        foreach (var problem in query.Problems)
        {
            WriteLiteral("<div class=\"alert alert-warning\">");
            Write(problem);
            WriteLiteral("</div>");
        }

        DirectDebitNotice(flags);
        FilterForm(query, accounts, rules, assigned);

        WriteLiteral("<p id=\"klaerfaelle-summe\" class=\"lead\">");
        Write(result.TotalCount.ToString("#,##0", DashboardFormat.German) + (result.TotalCount == 1 ? " Klärfall" : " Klärfälle") +
              (query.Filter.Status == "offen" ? ", zusammen offen: " : ", zusammen: "));
        WriteLiteral("<strong>");
        Write(DashboardFormat.Amount(result.TotalAmount));
        WriteLiteral("</strong></p>");

        if (result.Rows.Count == 0)
        {
            Paragraph("Keine Klärfälle für diese Auswahl.");
        }
        else
        {
            ResultTable(query, result);
            Pager(query, result);
        }

        DirectDebits(flags);
        AuditDownload(today);
    }

    private void DirectDebitNotice(DirectDebitFlags flags)
    {
        if (flags.IsEmpty)
        {
            return;
        }

        WriteLiteral("<div id=\"lastschrift-hinweis\" class=\"alert alert-warning\">");
        var parts = new List<string>();
        if (flags.Returns.Count > 0)
        {
            parts.Add(flags.Returns.Count == 1 ? "1 Rücklastschrift" : flags.Returns.Count.ToString(CultureInfo.InvariantCulture) + " Rücklastschriften");
        }

        if (flags.Rejected.Count > 0)
        {
            parts.Add(flags.Rejected.Count == 1 ? "1 abgelehnte Lastschrift" : flags.Rejected.Count.ToString(CultureInfo.InvariantCulture) + " abgelehnte Lastschriften");
        }

        Write(string.Join(" und ", parts) + ": Mahnung oder erneuter Einzug veranlassen. ");
        WriteLiteral("<a href=\"#lastschriften\">Zur Liste</a></div>");
    }

    private void DirectDebits(DirectDebitFlags flags)
    {
        WriteLiteral("<h3 id=\"lastschriften\">Rücklastschriften und abgelehnte Lastschriften</h3>");
        if (flags.IsEmpty)
        {
            Paragraph("Keine offenen Rücklastschriften und keine abgelehnten Lastschriften.");
            return;
        }

        Paragraph("Eigene Lastschriften, deren Betrag nicht (mehr) eingegangen ist: der Soll ist offen und muss angemahnt oder erneut eingezogen werden.");
        DirectDebitFlagTables(flags, "liste");
    }

    private void FilterForm(KlaerfallListQuery query, IReadOnlyList<string> accounts, IReadOnlyList<string> rules, IReadOnlyList<string> assigned)
    {
        WriteLiteral("<form method=\"get\" id=\"klaerfaelle-filter\" class=\"well well-sm\" action=\"");
        Write(Url.To(Route));
        WriteLiteral("\"><div class=\"row\">");
        Input(query, "suche", "Suche (Zahler, IBAN, Verwendungszweck)", "text", 4);
        Input(query, "von", "Buchungstag von", "date", 2);
        Input(query, "bis", "bis", "date", 2);
        Input(query, "betragVon", "Betrag von (€)", "text", 2, "inputmode=\"decimal\"");
        Input(query, "betragBis", "bis (€)", "text", 2, "inputmode=\"decimal\"");
        WriteLiteral("</div><div class=\"row\">");
        Select(query, "konto", "Konto", accounts.Select(a => (a, FormatIban(a))), 3);
        Select(query, "regel", "Grund", rules.Select(r => (r, KlaerfallLabels.Rule(r) + " (" + r + ")")), 3);
        Input(query, "alterVon", "Alter von (Tage)", "number", 1, "min=\"0\"");
        Input(query, "alterBis", "bis", "number", 1, "min=\"0\"");
        Select(query, "bearbeiter", "Bearbeitung", [(KlaerfallFilter.Unassigned, "– niemand –"), .. assigned.Select(a => (a, a))], 2);
        Select(query, "freigabe", "Freigabe", [("wartet", "wartet auf Freigabe"), ("keine", "ohne Vorschlag")], 2);
        WriteLiteral("</div><div class=\"row\">");
        Select(query, "status", "Status", [("zugeordnet", "zugeordnet"), ("erstattung", "zur Rückzahlung vorgemerkt"), ("verwahrt", "als Verwahrgeld belassen")], 3, "offen");
        WriteLiteral("<div class=\"col-md-9\" style=\"padding-top:24px\">");
        WriteLiteral("<input type=\"hidden\" name=\"sortierung\" value=\"");
        Write(query.SortName);
        WriteLiteral("\">");
        if (query.Filter.Descending)
        {
            WriteLiteral("<input type=\"hidden\" name=\"absteigend\" value=\"1\">");
        }

        WriteLiteral("<button type=\"submit\" class=\"btn btn-primary btn-sm\">Filtern</button> ");
        WriteLiteral("<a class=\"btn btn-default btn-sm\" href=\"");
        Write(Url.To(Route));
        WriteLiteral("\">Alle offenen</a></div></div></form>");
    }

    private void ResultTable(KlaerfallListQuery query, KlaerfallPage result)
    {
        WriteLiteral("<div class=\"table-responsive\"><table id=\"klaerfaelle\" class=\"table table-striped table-condensed table-hover\"><thead><tr>");
        Header("Nr.", null, query);
        Header("Buchungstag", "datum", query);
        Header("Betrag", "betrag", query, "text-right");
        Header("Zahler", "zahler", query);
        Header("Verwendungszweck", null, query);
        Header("Konto", null, query);
        Header("Grund", null, query);
        Header("Alter", "alter", query, "text-right");
        Header("Bearbeitung", null, query);
        Header("Bester Vorschlag", null, query);
        WriteLiteral("</tr></thead><tbody>");
        foreach (var row in result.Rows)
        {
            var link = KlaerfallDetailPage.Path(row.Id);
            WriteLiteral(row.PendingProposalId is null ? "<tr>" : "<tr class=\"warning\">");
            WriteLiteral("<td>");
            Link(link, row.Id.ToString(CultureInfo.InvariantCulture));
            WriteLiteral("</td>");
            Cell(DashboardFormat.Date(row.BookingDate));
            WriteLiteral("<td class=\"text-right\" style=\"white-space:nowrap\">");
            Write(DashboardFormat.Amount(row.Betrag));
            if (row.ReceiptAmount != row.Betrag)
            {
                WriteLiteral("<br><small class=\"text-muted\">von ");
                Write(DashboardFormat.Amount(row.ReceiptAmount));
                WriteLiteral("</small>");
            }

            WriteLiteral("</td><td>");
            Link(link, row.PayerName ?? "(ohne Namen)");
            WriteLiteral("<br><small class=\"text-muted\">");
            Write(FormatIban(row.PayerIban));
            WriteLiteral("</small></td><td><small>");
            Write(Shorten(row.Remittance, 90));
            WriteLiteral("</small></td>");
            WriteLiteral("<td><small>");
            Write(FormatIban(row.AccountIban));
            WriteLiteral("</small></td>");
            WriteLiteral("<td><span title=\"");
            Write(row.Rule);
            WriteLiteral("\">");
            Write(KlaerfallLabels.Rule(row.Rule));
            WriteLiteral("</span>");
            if (row.PendingProposalId is not null)
            {
                WriteLiteral("<br><span class=\"label label-warning\">wartet auf Freigabe</span>");
            }

            WriteLiteral("</td>");
            Cell(KlaerfallLabels.Age(row.AgeDays), "text-right text-nowrap");
            Cell(row.AssignedTo ?? "–");
            WriteLiteral("<td><small>");
            if (row.Suggestions.Count > 0)
            {
                var best = row.Suggestions[0];
                Write(best.Kassenzeichen);
                WriteLiteral("<br>");
                Write(best.DebtorName);
            }
            else
            {
                Write("–");
            }

            WriteLiteral("</small></td></tr>");
        }

        EndTable();
    }

    private void Header(string text, string? sortName, KlaerfallListQuery query, string? cssClass = null)
    {
        WriteLiteral(cssClass is null ? "<th>" : $"<th class=\"{cssClass}\">");
        if (sortName is null)
        {
            Write(text);
        }
        else
        {
            var current = query.SortName == sortName;
            WriteLiteral("<a href=\"");
            Write(Url.To(Route) + query.SortLink(sortName));
            WriteLiteral("\" data-sort=\"");
            Write(sortName);
            WriteLiteral("\">");
            Write(text);
            if (current)
            {
                Write(query.Filter.Descending ? " ▼" : " ▲");
            }

            WriteLiteral("</a>");
        }

        WriteLiteral("</th>");
    }

    private void Pager(KlaerfallListQuery query, KlaerfallPage result)
    {
        if (result.PageCount <= 1)
        {
            return;
        }

        WriteLiteral("<ul class=\"pagination\">");
        foreach (var number in PageNumbers(result.Page, result.PageCount))
        {
            if (number == 0)
            {
                WriteLiteral("<li class=\"disabled\"><span>…</span></li>");
                continue;
            }

            WriteLiteral(number == result.Page ? "<li class=\"active\">" : "<li>");
            WriteLiteral("<a href=\"");
            Write(Url.To(Route) + query.With(("seite", number == 1 ? null : number.ToString(CultureInfo.InvariantCulture))));
            WriteLiteral("\">");
            Write(number.ToString(CultureInfo.InvariantCulture));
            WriteLiteral("</a></li>");
        }

        WriteLiteral("</ul>");
    }

    /// <summary>First, last and the pages around the current one; 0 stands for a gap.</summary>
    internal static IEnumerable<int> PageNumbers(int current, int count)
    {
        var previous = 0;
        for (var number = 1; number <= count; number++)
        {
            if (number == 1 || number == count || Math.Abs(number - current) <= 2)
            {
                if (previous != 0 && number - previous > 1)
                {
                    yield return 0;
                }

                yield return number;
                previous = number;
            }
        }
    }

    private void AuditDownload(DateOnly today)
    {
        WriteLiteral("<h3>Prüfprotokoll für die Rechnungsprüfung</h3><form method=\"get\" class=\"form-inline\" action=\"");
        Write(Url.To(KlaerfallAuditCsvDispatcher.Route));
        WriteLiteral("\"><label for=\"protokoll-von\">Von </label> <input type=\"date\" class=\"form-control input-sm\" id=\"protokoll-von\" name=\"von\" required value=\"");
        Write(new DateOnly(today.Year, today.Month, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        WriteLiteral("\"> <label for=\"protokoll-bis\">bis </label> <input type=\"date\" class=\"form-control input-sm\" id=\"protokoll-bis\" name=\"bis\" required value=\"");
        Write(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        WriteLiteral("\"> <button type=\"submit\" class=\"btn btn-default btn-sm\">CSV herunterladen</button></form>");
        Paragraph("Alle automatischen und manuellen Entscheidungen zu Klärfällen im Zeitraum: wer, wann, was, Regel oder Begründung, vorher und nachher.");
    }

    private void Input(KlaerfallListQuery query, string name, string label, string type, int width, string extra = "")
    {
        WriteLiteral($"<div class=\"col-md-{width.ToString(CultureInfo.InvariantCulture)} form-group\"><label for=\"f-{name}\">");
        Write(label);
        WriteLiteral($"</label><input type=\"{type}\" class=\"form-control input-sm\" id=\"f-{name}\" name=\"{name}\" {extra} value=\"");
        Write(type == "date" && query.Filter is var filter ? IsoDate(name == "von" ? filter.BookedFrom : filter.BookedTo, query.Value(name)) : query.Value(name));
        WriteLiteral("\"></div>");
    }

    private void Select(KlaerfallListQuery query, string name, string label, IEnumerable<(string Value, string Text)> options, int width, string emptyText = "alle")
    {
        WriteLiteral($"<div class=\"col-md-{width.ToString(CultureInfo.InvariantCulture)} form-group\"><label for=\"f-{name}\">");
        Write(label);
        WriteLiteral($"</label><select class=\"form-control input-sm\" id=\"f-{name}\" name=\"{name}\"><option value=\"\">");
        Write(emptyText);
        WriteLiteral("</option>");
        var current = query.Value(name);
        foreach (var (value, text) in options)
        {
            WriteLiteral(string.Equals(value, current, StringComparison.OrdinalIgnoreCase) ? "<option selected value=\"" : "<option value=\"");
            Write(value);
            WriteLiteral("\">");
            Write(text);
            WriteLiteral("</option>");
        }

        WriteLiteral("</select></div>");
    }

    private static string IsoDate(DateOnly? date, string typed) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? typed;

    internal static string FormatIban(string? iban) =>
        string.IsNullOrEmpty(iban) ? "–" : Iban.TryParse(iban, out var parsed) ? parsed.ToDisplayString() : iban;

    internal static string Shorten(string? text, int length) =>
        string.IsNullOrEmpty(text) ? "" : text.Length <= length ? text : text[..(length - 1)] + "…";
}
