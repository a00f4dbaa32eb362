using PaymentRecon.Camt;
using System.Globalization;

namespace PaymentRecon.Host.Configuration;

/// <summary>
/// Settings from <c>appsettings.json</c>, an optional <c>paymentrecon.json</c> in the working
/// directory, and <c>PAYMENTRECON__Section__Key</c> environment variables, in that order.
/// </summary>
public sealed class PaymentReconOptions
{
    public FolderOptions Folders { get; set; } = new();

    /// <summary>Limits and checks of the camt reader.</summary>
    public CamtReaderOptions Camt { get; set; } = new();

    /// <summary>The Kassenzeichen format of the cash office; procedures may override it.</summary>
    public KassenzeichenFormat Kassenzeichen { get; set; } = new();

    /// <summary>Profiles of the receivables files and the Kassenzeichen formats they use.</summary>
    public ReceivablesOptions Receivables { get; set; } = new();
    /// <summary>Payment-provider settlement-report profiles (issue 8).</summary>
    public ProviderOptions Providers { get; set; } = new();

    /// <summary>Time zone of the cash office; the business date of a run is a date there.</summary>
    public string TimeZone { get; set; } = "Europe/Berlin";

    /// <summary>The long-running service: schedule, Hangfire, dashboard users.</summary>
    public ServiceOptions Service { get; set; } = new();

    /// <summary>The Klärfälle worklist: four-eyes rule (issue 7).</summary>
    public KlaerfaelleOptions Klaerfaelle { get; set; } = new();

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        problems.AddRange(Folders.Validate().Select(p => "Folders: " + p));
        problems.AddRange(Kassenzeichen.Validate().Select(p => "Kassenzeichen: " + p));
        problems.AddRange(Receivables.Validate().Select(p => "Receivables: " + p));
        problems.AddRange(Camt.Validate().Select(p => "Camt: " + p));
        problems.AddRange(Service.Validate().Select(p => "Service: " + p));
        problems.AddRange(Providers.Validate().Select(p => "Providers: " + p));
        problems.AddRange(Klaerfaelle.Validate().Select(p => "Klaerfaelle: " + p));
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        }
        catch (TimeZoneNotFoundException)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"TimeZone: '{TimeZone}' is not a time zone known to this machine (install tzdata, or use an IANA name such as Europe/Berlin)."));
        }

        return problems;
    }
}
