using PaymentRecon.Data.Files;

namespace PaymentRecon.Host.Runs;

/// <summary>The printed run summary's line for one inbox file (German, no personal data).</summary>
internal static class InboxFileText
{
    public static string Describe(RunFileOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var label = outcome.Kind == "Soll" ? "Soll-Datei" : outcome.Kind;
        var status = outcome.Status switch
        {
            InboxFileStatus.Imported => "übernommen",
            InboxFileStatus.Duplicate => "schon übernommen",
            _ => "abgelehnt (Quarantäne)",
        };
        return $"{label} {outcome.FileName}: {status}: {outcome.Summary}";
    }
}
