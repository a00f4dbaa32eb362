using System.Globalization;
using PaymentRecon.Data.Klaerfaelle;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Klaerfaelle;

namespace PaymentRecon.Host.Service.Dashboard;

/// <summary>The action forms: only for roles that may use them (the server checks again), only while the Klärfall is open.</summary>
internal sealed partial class KlaerfallDetailPage
{
    private bool CanPropose(KlaerfallDetail detail) =>
        HasRole(ServiceRoles.Clerk) && detail.Status == "offen" && detail.PendingProposal is null;

    private void Actions(KlaerfallDetail detail, KlaerfallQueries queries)
    {
        var pending = detail.PendingProposal;
        var clerk = HasRole(ServiceRoles.Clerk);
        var approver = HasRole(ServiceRoles.Approver);
        WriteLiteral("<h3 id=\"aktionen\">Bearbeiten</h3>");
        if (pending is not null)
        {
            PendingProposal(pending, approver);
        }

        if (detail.Status == "verwahrt")
        {
            // Kept on purpose, yet Verwahrgeld is to be cleared: when the payer or the Soll turns up,
            // the Klärfall goes back into the worklist (and the nightly retry) instead of being booked by hand in the HKR.
            Paragraph("Dieser Klärfall wurde als Verwahrgeld belassen und wird nicht mehr automatisch geprüft.");
            if (clerk)
            {
                Panel("Wieder in die Arbeitsliste aufnehmen", () => ReasonForm(KlaerfallCommands.Reopen, KlaerfallAction.Reopen, "Wieder aufnehmen",
                    "Den Klärfall wieder in die Arbeitsliste aufnehmen? Der Nachtlauf prüft ihn dann wieder, und er kann zugeordnet werden.", "btn-default"));
            }

            return;
        }

        if (detail.Status != "offen")
        {
            Paragraph("Dieser Klärfall ist abgeschlossen (" + KlaerfallLabels.Status(detail.Status) + ").");
            return;
        }

        if (!clerk)
        {
            Paragraph(approver
                ? "Als Freigabe-Berechtigte(r) geben Sie Vorschläge frei oder lehnen sie ab und können Notizen hinterlassen; vorschlagen können Sachbearbeiterinnen und Sachbearbeiter."
                : "Nur lesen: Ihre Rolle erlaubt keine Änderungen.");
            if (approver)
            {
                NotePanel();
            }

            return;
        }

        if (pending is null)
        {
            var prefilled = PrefillAmounts(detail, queries);
            WriteLiteral("<div class=\"row\"><div class=\"col-md-6\">");
            Panel("Einem Soll zuordnen", () => AssignForm(detail, prefilled.LastOrDefault()));
            Panel("Auf mehrere Soll aufteilen", () => SplitForm(detail, prefilled));
            WriteLiteral("</div><div class=\"col-md-6\">");
            Panel("Rückzahlung", () => ReasonForm(KlaerfallCommands.Refund, KlaerfallAction.Refund, "Rückzahlung vorschlagen",
                "Die Zahlung zur Rückzahlung vormerken? Sie wird erfasst und berichtet; die Auszahlungsanordnung erstellt das HKR.", "btn-warning"));
            Panel("Als Verwahrgeld belassen", () => ReasonForm(KlaerfallCommands.Keep, KlaerfallAction.Keep, "Als Verwahrgeld belassen",
                "Den Betrag bewusst im Verwahrgeld lassen? Der Klärfall verlässt die Arbeitsliste.", "btn-default"));
        }
        else
        {
            WriteLiteral("<div class=\"row\"><div class=\"col-md-6\">");
        }

        Panel("An Kollegin oder Kollegen abgeben", ReassignForm);
        NotePanel();
        WriteLiteral("</div></div>");
    }

    private void NotePanel() =>
        Panel("Notiz", () => ReasonForm(KlaerfallCommands.Note, KlaerfallAction.Note, "Notiz speichern", "Die Notiz speichern?", "btn-default", noteRequired: true));

    private void PendingProposal(KlaerfallProposal pending, bool approver)
    {
        var me = ReconCommandDispatcher.UserName(Http);
        var own = string.Equals(pending.ProposedBy, me, StringComparison.OrdinalIgnoreCase);
        WriteLiteral("<div id=\"vorschlag-offen\" class=\"panel panel-warning\"><div class=\"panel-heading\"><strong>");
        Write(pending.KindLabel + " wartet auf Freigabe");
        WriteLiteral("</strong></div><div class=\"panel-body\"><p>");
        Write(ProposalText(pending));
        WriteLiteral("</p><p class=\"text-muted\">");
        Write("Vorgeschlagen von " + pending.ProposedBy + " am " + Timestamp(pending.ProposedAt) + ", Begründung: " +
              KlaerfallReasonCodes.Label(pending.ReasonCode) + (string.IsNullOrEmpty(pending.Note) ? "" : " – „" + pending.Note + "“"));
        WriteLiteral("</p>");
        var fields = new Dictionary<string, string> { ["vorschlag"] = pending.Id.ToString(CultureInfo.InvariantCulture) };
        if (approver && !own)
        {
            PostForm(KlaerfallCommands.PathOf(_id, KlaerfallCommands.Approve), "Freigeben",
                "Den Vorschlag freigeben? Er wird gebucht und mit dem nächsten Export an das HKR übergeben.", fields,
                () => ReasonInputs(KlaerfallAction.Approve, "freigeben"), "btn-success");
            WriteLiteral("<br><br>");
            PostForm(KlaerfallCommands.PathOf(_id, KlaerfallCommands.Reject), "Ablehnen", "Den Vorschlag ablehnen?", fields,
                () => ReasonInputs(KlaerfallAction.Reject, "ablehnen"), "btn-danger");
        }
        else if (approver)
        {
            Paragraph("Eigene Vorschläge gibt eine andere Person mit Freigaberecht frei (Vier-Augen-Prinzip).", "text-warning");
        }

        if (own && HasRole(ServiceRoles.Clerk))
        {
            WriteLiteral("<br>");
            PostForm(KlaerfallCommands.PathOf(_id, KlaerfallCommands.Withdraw), "Zurückziehen", "Den eigenen Vorschlag zurückziehen?", fields,
                () => ReasonInputs(KlaerfallAction.Withdraw, "zurueckziehen"), "btn-default");
        }

        WriteLiteral("</div></div>");
    }

    private void AssignForm(KlaerfallDetail detail, (string Kassenzeichen, decimal Amount) prefill)
    {
        PostForm(KlaerfallCommands.PathOf(_id, KlaerfallCommands.Assign), "Zuordnung vorschlagen",
            "Die Zuordnung vorschlagen? Sie wird wirksam, wenn eine zweite Person sie freigibt.", new Dictionary<string, string>(), () =>
            {
                WriteLiteral("<div class=\"form-group\"><label for=\"zuordnen-kz\">Kassenzeichen</label> <input type=\"text\" class=\"form-control input-sm\" id=\"zuordnen-kz\" name=\"kassenzeichen\" required value=\"");
                Write(prefill.Kassenzeichen ?? "");
                WriteLiteral("\"></div> <div class=\"form-group\"><label for=\"zuordnen-betrag\">Betrag (€)</label> <input type=\"text\" inputmode=\"decimal\" class=\"form-control input-sm\" style=\"width:7em\" id=\"zuordnen-betrag\" name=\"betrag\" placeholder=\"");
                Write(AmountInput(detail.Betrag));
                WriteLiteral("\" value=\"");
                Write(prefill.Kassenzeichen is null ? "" : AmountInput(prefill.Amount));
                WriteLiteral("\"></div><br>");
                ReasonInputs(KlaerfallAction.Assign, "zuordnen");
            });
        Paragraph("Ohne Betrag: was auf dem Kassenzeichen offen ist, höchstens " + DashboardFormat.Amount(detail.Betrag) + "; ein Rest bleibt Verwahrgeld.", "help-block small");
    }

    private void SplitForm(KlaerfallDetail detail, List<(string Kassenzeichen, decimal Amount)> prefilled)
    {
        var rows = Math.Max(3, Math.Min(KlaerfallCommands.MaxSplitParts, prefilled.Count + 1));
        PostForm(KlaerfallCommands.PathOf(_id, KlaerfallCommands.Split), "Aufteilung vorschlagen",
            "Die Aufteilung vorschlagen? Sie wird wirksam, wenn eine zweite Person sie freigibt.", new Dictionary<string, string>(), () =>
            {
                WriteLiteral("<table id=\"aufteilung\" class=\"table table-condensed\" data-verwahrt=\"");
                Write(detail.Betrag.ToString(CultureInfo.InvariantCulture));
                WriteLiteral("\"><thead><tr><th>Kassenzeichen</th><th>Betrag (€)</th></tr></thead><tbody>");
                for (var i = 0; i < rows; i++)
                {
                    var (kassenzeichen, amount) = i < prefilled.Count ? prefilled[i] : ("", 0m);
                    var n = (i + 1).ToString(CultureInfo.InvariantCulture);
                    WriteLiteral($"<tr><td><input type=\"text\" class=\"form-control input-sm\" name=\"teil-kz\" aria-label=\"Kassenzeichen {n}\" value=\"");
                    Write(kassenzeichen);
                    WriteLiteral($"\"></td><td><input type=\"text\" inputmode=\"decimal\" class=\"form-control input-sm teil-betrag\" name=\"teil-betrag\" aria-label=\"Betrag {n}\" value=\"");
                    Write(kassenzeichen.Length == 0 ? "" : AmountInput(amount));
                    WriteLiteral("\"></td></tr>");
                }

                WriteLiteral("</tbody></table><p id=\"aufteilung-summe\" class=\"text-muted\" aria-live=\"polite\">");
                Write("Verwahrgeld: " + DashboardFormat.Amount(detail.Betrag));
                WriteLiteral("</p>");
                ReasonInputs(KlaerfallAction.Split, "aufteilen");
            });
        // Live sum while typing; the server checks the amounts again.
        WriteLiteral("""
            <script>
            (function () {
              var table = document.getElementById('aufteilung');
              var out = document.getElementById('aufteilung-summe');
              if (!table || !out) { return; }
              var held = Math.round(parseFloat(table.getAttribute('data-verwahrt')) * 100);
              var fmt = function (cents) { return (cents / 100).toLocaleString('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + ' €'; };
              var parse = function (text) {
                text = text.replace(/\s|€/g, '');
                if (text === '') { return 0; }
                if (text.indexOf(',') >= 0 || /\.\d{3}$/.test(text)) { text = text.replace(/\./g, '').replace(',', '.'); }
                return /^-?\d+(\.\d{1,2})?$/.test(text) ? Math.round(parseFloat(text) * 100) : NaN;
              };
              var update = function () {
                var sum = 0, bad = false;
                table.querySelectorAll('input.teil-betrag').forEach(function (input) { var v = parse(input.value); if (isNaN(v)) { bad = true; } else { sum += v; } });
                var rest = held - sum;
                out.className = bad || rest < 0 ? 'text-danger' : rest === 0 ? 'text-success' : 'text-warning';
                out.textContent = bad ? 'Ein Betrag ist keine Zahl (z. B. 90,00).'
                  : 'Summe ' + fmt(sum) + ' von ' + fmt(held) + (rest === 0 ? ': geht auf.' : rest > 0 ? ': ' + fmt(rest) + ' bleiben Verwahrgeld.' : ': ' + fmt(-rest) + ' zu viel.');
              };
              table.addEventListener('input', update);
              update();
            })();
            </script>
            """);
    }

    private void ReasonForm(string verb, KlaerfallAction action, string buttonText, string confirmation, string buttonClass, bool noteRequired = false) =>
        PostForm(KlaerfallCommands.PathOf(_id, verb), buttonText, confirmation, new Dictionary<string, string>(),
            () => ReasonInputs(action, verb, noteRequired), buttonClass);

    private void ReassignForm()
    {
        var clerks = Options.Service.Users.Where(u => u.Roles.Contains(ServiceRoles.Clerk, StringComparer.Ordinal)).Select(u => u.Name).Order(StringComparer.Ordinal).ToList();
        PostForm(KlaerfallCommands.PathOf(_id, KlaerfallCommands.Reassign), "Abgeben", "Den Klärfall abgeben?", new Dictionary<string, string>(), () =>
        {
            WriteLiteral("<div class=\"form-group\"><label for=\"bearbeiter-neu\">An</label> <input type=\"text\" class=\"form-control input-sm\" id=\"bearbeiter-neu\" name=\"bearbeiter\" required list=\"bearbeiter-liste\"><datalist id=\"bearbeiter-liste\">");
            foreach (var clerk in clerks)
            {
                WriteLiteral("<option value=\"");
                Write(clerk);
                WriteLiteral("\">");
            }

            WriteLiteral("</datalist></div><br>");
            ReasonInputs(KlaerfallAction.Reassign, KlaerfallCommands.Reassign);
        }, "btn-default");
    }

    /// <summary>The reason code (the codes offered for this action first, then the rest) and the note.</summary>
    private void ReasonInputs(KlaerfallAction action, string idPrefix, bool noteRequired = false)
    {
        WriteLiteral($"<div class=\"form-group\"><label for=\"{idPrefix}-begruendung\">Begründung</label> <select class=\"form-control input-sm\" id=\"{idPrefix}-begruendung\" name=\"begruendung\" required>");
        foreach (var code in KlaerfallReasonCodes.All.Where(c => c.Actions.Contains(action)))
        {
            WriteLiteral("<option value=\"");
            Write(code.Code);
            WriteLiteral("\">");
            Write(code.Label);
            WriteLiteral("</option>");
        }

        WriteLiteral($"</select></div> <div class=\"form-group\"><label for=\"{idPrefix}-notiz\">Notiz</label> <input type=\"text\" class=\"form-control input-sm\" style=\"width:16em\" id=\"{idPrefix}-notiz\" name=\"notiz\" maxlength=\"2000\"" + (noteRequired ? " required" : "") + "></div>");
    }

    /// <summary>The taken-over Kassenzeichen with what is open on each, handed out until the Verwahrgeld is used up.</summary>
    private List<(string Kassenzeichen, decimal Amount)> PrefillAmounts(KlaerfallDetail detail, KlaerfallQueries queries)
    {
        var result = new List<(string, decimal)>();
        var left = detail.Betrag;
        foreach (var kassenzeichen in Prefilled())
        {
            var suggestion = detail.Suggestions.FirstOrDefault(s => s.Kassenzeichen == kassenzeichen);
            var open = suggestion is not null
                ? suggestion.OpenSoll.Sum(s => s.OpenAmount)
                : queries.SearchSollAsync(kassenzeichen, 25, Http.RequestAborted).GetAwaiter().GetResult()
                    .Where(s => s.Kassenzeichen == kassenzeichen).Sum(s => s.OpenAmount);
            var amount = Math.Max(0m, Math.Min(open, left));
            left -= amount;
            result.Add((kassenzeichen, amount));
        }

        return result;
    }

    private void Panel(string title, Action body)
    {
        WriteLiteral("<div class=\"panel panel-default\"><div class=\"panel-heading\">");
        Write(title);
        WriteLiteral("</div><div class=\"panel-body\">");
        body();
        WriteLiteral("</div></div>");
    }

    private static string AmountInput(decimal amount) => amount.ToString("0.00", DashboardFormat.German);

    private string Timestamp(DateTimeOffset at) => DashboardFormat.Timestamp(at.UtcDateTime, Options.TimeZone);

    internal static string ProposalText(KlaerfallProposal proposal) => proposal.Kind switch
    {
        "refund" => "Rückzahlung von " + DashboardFormat.Amount(proposal.Betrag) + " an den Zahler",
        _ => DashboardFormat.Amount(proposal.Betrag) + " auf " + string.Join(", ",
            proposal.Targets.Select(t => t.Kassenzeichen + (t.Betrag is { } b ? " (" + DashboardFormat.Amount(b) + ")" : ""))),
    };
}
