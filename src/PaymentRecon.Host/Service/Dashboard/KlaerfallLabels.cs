using PaymentRecon.Matching;

namespace PaymentRecon.Host.Service.Dashboard;

/// <summary>German words for the codes the Klärfall pages show (rules, states), code kept beside them for the auditors.</summary>
internal static class KlaerfallLabels
{
    public static string Rule(string rule) => rule switch
    {
        MatchRules.None => "kein Kassenzeichen",
        MatchRules.Unknown => "Kassenzeichen unbekannt",
        MatchRules.CheckDigit => "Prüfziffer falsch",
        MatchRules.Ambiguous => "mehrdeutig",
        MatchRules.Closed => "Soll bereits bezahlt",
        MatchRules.Overpayment => "Überzahlung",
        MatchRules.Currency => "Fremdwährung",
        MatchRules.ReturnUnknown => "Rücklastschrift ohne Original",
        MatchRules.ReturnedPayout => "Rückläufer eigener Zahlung",
        MatchRules.ReversalUnknown => "Storno ohne Original",
        "SAMMLER-OFFEN" => "Sammler ohne Einzelposten",
        _ => rule,
    };

    public static string Status(string status) => status switch
    {
        "offen" => "offen",
        "zugeordnet" => "zugeordnet",
        "erstattung" => "zur Rückzahlung vorgemerkt",
        "verwahrt" => "als Verwahrgeld belassen",
        _ => status,
    };

    /// <summary>Age in days, German.</summary>
    public static string Age(int days) => days == 1 ? "1 Tag" : days.ToString(DashboardFormat.German) + " Tage";
}
