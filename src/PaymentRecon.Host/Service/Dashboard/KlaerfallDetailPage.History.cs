using PaymentRecon.Data.Klaerfaelle;
using PaymentRecon.Klaerfaelle;

namespace PaymentRecon.Host.Service.Dashboard;

/// <summary>Proposals, notes and the audit trail (who, when, what, rule or reason, before and after).</summary>
internal sealed partial class KlaerfallDetailPage
{
    private void Proposals(KlaerfallDetail detail)
    {
        if (detail.Proposals.Count == 0)
        {
            return;
        }

        WriteLiteral("<h3>Vorschläge und Freigaben</h3>");
        BeginTable("Art", "Was", "Vorgeschlagen", "Begründung", "Status", "Entschieden", "Begründung der Entscheidung");
        foreach (var proposal in detail.Proposals)
        {
            WriteLiteral("<tr>");
            Cell(proposal.KindLabel);
            Cell(ProposalText(proposal));
            Cell(proposal.ProposedBy + ", " + Timestamp(proposal.ProposedAt));
            Cell(KlaerfallReasonCodes.Label(proposal.ReasonCode) + (string.IsNullOrEmpty(proposal.Note) ? "" : " – " + proposal.Note));
            Cell(proposal.StatusLabel);
            Cell(proposal.DecidedBy is null ? "–" : proposal.DecidedBy + (proposal.DecidedAt is { } at ? ", " + Timestamp(at) : ""));
            Cell(proposal.DecisionReasonCode is null ? "–" : KlaerfallReasonCodes.Label(proposal.DecisionReasonCode) +
                 (string.IsNullOrEmpty(proposal.DecisionNote) ? "" : " – " + proposal.DecisionNote));
            WriteLiteral("</tr>");
        }

        EndTable();
    }

    private void Notes(KlaerfallDetail detail)
    {
        if (detail.Notes.Count == 0)
        {
            return;
        }

        WriteLiteral("<h3>Notizen</h3><ul id=\"notizen\" class=\"list-unstyled\">");
        foreach (var note in detail.Notes)
        {
            WriteLiteral("<li><small class=\"text-muted\">");
            Write(Timestamp(note.At) + " " + note.Actor + ":");
            WriteLiteral("</small> ");
            Write(note.Note ?? "");
            WriteLiteral("</li>");
        }

        WriteLiteral("</ul>");
    }

    private void AuditTrail(KlaerfallDetail detail)
    {
        WriteLiteral("<h3>Protokoll</h3>");
        Paragraph("Jede automatische und manuelle Entscheidung, unveränderbar gespeichert.");
        WriteLiteral("<div class=\"table-responsive\"><table id=\"protokoll\" class=\"table table-striped table-condensed\"><thead><tr>" +
                     "<th>Zeit</th><th>Wer</th><th>Aktion</th><th>Regel / Begründung</th><th>Notiz</th><th>vorher → nachher</th></tr></thead><tbody>");
        foreach (var entry in detail.Audit)
        {
            WriteLiteral("<tr>");
            Cell(Timestamp(entry.At));
            WriteLiteral("<td>");
            Write(entry.Actor);
            if (entry.Source == "automatisch")
            {
                WriteLiteral(" <span class=\"label label-default\">automatisch</span>");
            }

            WriteLiteral("</td>");
            Cell(entry.ActionLabel);
            Cell(entry.Rule is not null && entry.ReasonLabel is not null ? entry.Rule + " / " + entry.ReasonLabel : entry.Rule ?? entry.ReasonLabel ?? "–");
            Cell(entry.Note);
            WriteLiteral("<td>");
            if (entry.Before is not null || entry.After is not null)
            {
                WriteLiteral("<details><summary>anzeigen</summary><pre style=\"font-size:11px;max-width:40em;white-space:pre-wrap\">");
                Write("vorher: " + (entry.Before ?? "–") + "\nnachher: " + (entry.After ?? "–"));
                WriteLiteral("</pre></details>");
            }

            WriteLiteral("</td></tr>");
        }

        EndTable();
    }
}
