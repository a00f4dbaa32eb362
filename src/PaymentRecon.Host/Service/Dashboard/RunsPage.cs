using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PaymentRecon.Data.Service;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Service.Dashboard;

/// <summary>"Läufe": every run with its steps, counts and outcome, the job that ran it, its report and booking file; reruns for operators.</summary>
internal sealed partial class RunsPage : ReconPage
{
    public const string Route = "/laeufe";
    private const int PageSize = 50;

    protected override string Title => "Läufe";

    protected override void Render()
    {
        var timeZone = Options.TimeZone;
        if (HasRole(ServiceRoles.Operator))
        {
            var today = NightlyJob.BusinessDateOf(Service<TimeProvider>().GetUtcNow(), timeZone);
            WriteLiteral("<div class=\"well well-sm\">");
            PostForm(DashboardRegistration.RerunCommand, "Lauf wiederholen",
                "Den Nachtlauf für diesen Geschäftstag wiederholen? Bereits Gebuchtes wird nicht noch einmal gebucht.",
                new Dictionary<string, string>(),
                () =>
                {
                    WriteLiteral("<label for=\"geschaeftstag\">Geschäftstag </label> <input type=\"date\" class=\"form-control input-sm\" id=\"geschaeftstag\" name=\"geschaeftstag\" required value=\"");
                    Write(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    WriteLiteral("\">");
                });
            WriteLiteral("</div>");
        }

        var store = Service<RunOverviewStore>();
        var page = Math.Max(1, QueryInt("seite", 1));
        var total = store.Count();
        var runs = store.Recent(PageSize, (page - 1) * PageSize);
        if (runs.Count == 0)
        {
            Paragraph("Noch keine Läufe.");
        }
        else
        {
            BeginTable("Lauf", "Geschäftstag", "Auslöser", "Beginn", "Dauer", "Ergebnis", "Schritte und Zahlen", "Job", "Dateien");
            foreach (var run in runs)
            {
                WriteLiteral(run.Status == "failed" ? "<tr class=\"danger\">" : run.Status == "running" ? "<tr class=\"info\">" : "<tr>");
                Cell(run.Id.ToString(CultureInfo.InvariantCulture));
                Cell(DashboardFormat.Date(run.BusinessDate));
                Cell(DashboardFormat.Trigger(run.Trigger));
                Cell(DashboardFormat.Timestamp(run.StartedAt, timeZone));
                Cell(run.FinishedAt is { } finished ? DashboardFormat.Duration(finished - run.StartedAt) : "–");
                Cell(DashboardFormat.RunStatus(run.Status));
                WriteLiteral("<td><small>");
                foreach (var (key, value) in SummaryLines(run.Summary))
                {
                    Write(key);
                    WriteLiteral(": <strong>");
                    Write(value);
                    WriteLiteral("</strong><br>");
                }

                WriteLiteral("</small></td><td>");
                if (run.JobId is not null)
                {
                    Link("/jobs/details/" + Uri.EscapeDataString(run.JobId), "#" + run.JobId);
                }

                foreach (var (step, jobId) in StepJobs(run.Summary))
                {
                    WriteLiteral("<br><small>");
                    Write(step);
                    WriteLiteral(": </small>");
                    Link("/jobs/details/" + Uri.EscapeDataString(jobId), "#" + jobId);
                }

                WriteLiteral("</td><td>");
                foreach (var file in OutboxFiles(run.Summary))
                {
                    Link(OutboxFileDispatcher.Path(file), file);
                    WriteLiteral("<br>");
                }

                WriteLiteral("</td></tr>");
            }

            EndTable();
            if (total > PageSize)
            {
                var pages = (int)((total + PageSize - 1) / PageSize);
                WriteLiteral("<ul class=\"pagination\">");
                for (var number = 1; number <= pages; number++)
                {
                    WriteLiteral(number == page ? "<li class=\"active\">" : "<li>");
                    Link(Route + "?seite=" + number.ToString(CultureInfo.InvariantCulture), number.ToString(CultureInfo.InvariantCulture));
                    WriteLiteral("</li>");
                }

                WriteLiteral("</ul>");
            }
        }

        WriteLiteral("<h3>Letzte Aktionen</h3>");
        var actions = Service<OperatorActionStore>().Recent(20);
        if (actions.Count == 0)
        {
            Paragraph("Noch keine Wiederholungen oder erneuten Einlesungen.");
            return;
        }

        BeginTable("Zeit", "Aktion", "Geschäftstag", "Datei", "Von", "Über", "Ergebnis", "Job");
        foreach (var action in actions)
        {
            WriteLiteral("<tr>");
            Cell(DashboardFormat.Timestamp(action.RequestedAt, timeZone));
            Cell(action.Action == "rerun" ? "Lauf wiederholen" : "Datei erneut einlesen");
            Cell(DashboardFormat.Date(action.BusinessDate));
            Cell(action.FileName);
            Cell(action.RequestedBy);
            Cell(action.Channel == "cli" ? "Kommandozeile" : "Dashboard");
            Cell(action.Outcome);
            WriteLiteral("<td>");
            if (action.JobId is not null)
            {
                Link("/jobs/details/" + Uri.EscapeDataString(action.JobId), "#" + action.JobId);
            }

            WriteLiteral("</td></tr>");
        }

        EndTable();
    }

    /// <summary>The run summary flattened to "step.count: value" lines, whatever steps the nightly run writes.</summary>
    internal static IEnumerable<(string Key, string Value)> SummaryLines(string? summaryJson)
    {
        if (string.IsNullOrEmpty(summaryJson))
        {
            yield break;
        }

        using var document = JsonDocument.Parse(summaryJson);
        var lines = new List<(string, string)>();
        Flatten(document.RootElement, "", lines);
        foreach (var line in lines.Where(l => l.Item1 is not ("runId" or "businessDate") && !l.Item1.StartsWith("jobs.", StringComparison.Ordinal)).Take(40))
        {
            yield return line;
        }
    }

    private static void Flatten(JsonElement element, string prefix, List<(string, string)> lines)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix.Length == 0 ? property.Name : prefix + "." + property.Name, lines);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    // Steps are usually objects with a name: use it instead of the index.
                    var name = item.ValueKind == JsonValueKind.Object && (item.TryGetProperty("name", out var n) || item.TryGetProperty("step", out n)) && n.ValueKind == JsonValueKind.String
                        ? n.GetString()!
                        : index.ToString(CultureInfo.InvariantCulture);
                    Flatten(item, prefix + "[" + name + "]", lines);
                    index++;
                }

                break;
            case JsonValueKind.Number:
                lines.Add((prefix, element.TryGetDecimal(out var number) ? number.ToString("#,##0.##", DashboardFormat.German) : element.GetRawText()));
                break;
            case JsonValueKind.True or JsonValueKind.False:
                lines.Add((prefix, element.GetBoolean() ? "ja" : "nein"));
                break;
            case JsonValueKind.String:
                lines.Add((prefix, element.GetString() ?? ""));
                break;
        }
    }

    /// <summary>The Hangfire job of each step, for a run the service executed (the command line's runs have none).</summary>
    internal static IEnumerable<(string Step, string JobId)> StepJobs(string? summaryJson)
    {
        if (string.IsNullOrEmpty(summaryJson))
        {
            return [];
        }

        using var document = JsonDocument.Parse(summaryJson);
        return document.RootElement.TryGetProperty("jobs", out var jobs) && jobs.ValueKind == JsonValueKind.Object
            ? [.. jobs.EnumerateObject().Where(j => j.Value.ValueKind == JsonValueKind.String).Select(j => (j.Name, j.Value.GetString()!))]
            : [];
    }

    /// <summary>Report and booking files the run names in its summary (contract section 4 names).</summary>
    internal static IEnumerable<string> OutboxFiles(string? summaryJson) =>
        string.IsNullOrEmpty(summaryJson)
            ? []
            : OutboxFileName().Matches(summaryJson).Select(m => m.Value).Distinct(StringComparer.Ordinal);

    [GeneratedRegex(@"(BERICHT|BUCHUNGEN)_\d{8}_\d{4}\.(csv|json|html)")]
    internal static partial Regex OutboxFileName();
}
