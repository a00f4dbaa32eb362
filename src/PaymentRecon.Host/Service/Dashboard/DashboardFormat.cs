using System.Globalization;

namespace PaymentRecon.Host.Service.Dashboard;

/// <summary>German formatting for the dashboard: amounts <c>1.234,56 €</c>, dates <c>31.01.2026</c>, times in the cash office's zone.</summary>
public static class DashboardFormat
{
    public static CultureInfo German { get; } = CultureInfo.GetCultureInfo("de-DE");

    public static string Amount(decimal amount) => amount.ToString("#,##0.00", German) + " €";

    public static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", German);

    public static string Date(DateOnly? date) => date is { } value ? Date(value) : "–";

    /// <summary>A UTC instant as local time of <paramref name="timeZone"/>.</summary>
    public static string Timestamp(DateTime? utc, string timeZone)
    {
        if (utc is not { } value)
        {
            return "–";
        }

        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeZoneInfo.FindSystemTimeZoneById(timeZone));
        return local.ToString("dd.MM.yyyy HH:mm:ss", German);
    }

    public static string Duration(TimeSpan duration) =>
        duration.TotalMinutes >= 1
            ? string.Create(German, $"{(int)duration.TotalMinutes} min {duration.Seconds} s")
            : string.Create(German, $"{duration.TotalSeconds:0.0} s");

    /// <summary>The German word for a run status of <c>recon.run</c>.</summary>
    public static string RunStatus(string status) => status switch
    {
        "running" => "läuft",
        "succeeded" => "erfolgreich",
        "succeeded_with_rejections" => "erfolgreich, Dateien abgewiesen",
        "failed" => "fehlgeschlagen",
        _ => status,
    };

    public static string Trigger(string trigger) => trigger switch
    {
        "schedule" => "Zeitplan",
        "rerun" => "Wiederholung",
        "cli" => "Kommandozeile",
        "export" => "Export jetzt",
        _ => trigger,
    };
}
