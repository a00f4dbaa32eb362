using PaymentRecon.Matching;

namespace PaymentRecon.Booking;

/// <summary>Receipts of one outcome and rule: how many, how much.</summary>
public sealed record ReportOutcome(MatchOutcome Outcome, string Rule, int Count, decimal Sum)
{
    /// <summary>Groups decisions with their receipts' amounts, ordered by outcome then rule.</summary>
    public static IReadOnlyList<ReportOutcome> Summarise(IEnumerable<(MatchDecision Decision, Money Amount)> decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        var tally = new OutcomeTally();
        foreach (var (decision, amount) in decisions)
        {
            tally.Add(decision, amount);
        }

        return tally.ToList();
    }

    /// <summary>German label of an outcome for the report.</summary>
    public static string Label(MatchOutcome outcome) => outcome switch
    {
        MatchOutcome.Ist => "Ist-Buchung",
        MatchOutcome.IstWithSurplus => "Ist-Buchung mit Überzahlung (Verwahrgeld)",
        MatchOutcome.Split => "Aufgeteilt auf mehrere Kassenzeichen",
        MatchOutcome.Klaerfall => "Klärfall (Verwahrgeld)",
        MatchOutcome.Return => "Rücklastschrift",
        MatchOutcome.Reversal => "Storno",
        MatchOutcome.OutOfScope => "Nicht zu buchen (kein Zahlungseingang)",
        MatchOutcome.KlaerfallResolved => "Klärfall nachträglich zugeordnet",
        MatchOutcome.ProviderPayout => "Auszahlung Zahlungsdienstleister (Gebühren)",
        MatchOutcome.ProviderFee => "Gebühren Zahlungsdienstleister",
        MatchOutcome.SepaBatchFromPain008 => "Sammellastschrift aus der Einreichung (pain.008) aufgelöst",
        MatchOutcome.AlreadyBooked => "Einzelposten bereits aus der Einreichung (pain.008) gebucht",
        _ => outcome.ToString(),
    };
}
