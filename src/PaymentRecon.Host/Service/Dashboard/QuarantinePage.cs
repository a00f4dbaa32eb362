using PaymentRecon.Data.Service;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Service.Dashboard;

/// <summary>"Quarantäne": rejected files with their problems; operators put a fixed file back into the inbox.</summary>
internal sealed class QuarantinePage : ReconPage
{
    public const string Route = "/quarantaene";

    protected override string Title => "Quarantäne";

    protected override void Render()
    {
        var options = Options;
        var files = Service<QuarantineStore>().All(200);
        Paragraph("Abgewiesene Dateien. Nach der Korrektur der Datei im Ordner „" + options.Folders.Quarantine +
                  "“ legt „Erneut einlesen“ sie in den Eingang zurück und wiederholt den Lauf ihres Geschäftstags.");
        if (files.Count == 0)
        {
            Paragraph("Keine Dateien in Quarantäne.");
            return;
        }

        var canOperate = HasRole(ServiceRoles.Operator);
        BeginTable("Datei", "Art", "Eingegangen", "Geschäftstag", "Probleme", "Zurückgelegt", "");
        foreach (var file in files)
        {
            var name = Path.GetFileName(file.QuarantinePath);
            var present = File.Exists(Path.Combine(options.Folders.Quarantine, name));
            WriteLiteral("<tr>");
            Cell(name);
            Cell(file.Kind == "statement" ? "Kontoauszug" : file.Kind == "receivable" ? "Soll-Stellungen" : file.Kind);
            Cell(DashboardFormat.Timestamp(file.ReceivedAt, options.TimeZone));
            Cell(DashboardFormat.Date(file.BusinessDate));
            WriteLiteral("<td><pre style=\"max-height:8em;overflow:auto;white-space:pre-wrap;font-size:11px\">");
            Write(file.Problems ?? "");
            WriteLiteral("</pre></td>");
            Cell(DashboardFormat.Timestamp(file.RequeuedAt, options.TimeZone));
            WriteLiteral("<td>");
            if (!present)
            {
                Write(file.RequeuedAt is null ? "nicht mehr vorhanden" : "im Eingang");
            }
            else if (canOperate)
            {
                PostForm(DashboardRegistration.RequeueCommand, "Erneut einlesen",
                    "Die korrigierte Datei " + name + " in den Eingang zurücklegen und den Lauf wiederholen?",
                    new Dictionary<string, string> { ["datei"] = name }, buttonClass: "btn-default");
            }

            WriteLiteral("</td></tr>");
        }

        EndTable();
    }
}
