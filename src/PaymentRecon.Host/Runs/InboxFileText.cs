using PaymentRecon.Data.Files;

namespace PaymentRecon.Host.Runs;

/// <summary>The printed run summary's line for one inbox file (German, no personal data).</summary>
internal static class InboxFileText
{
    public static string Describe(string label, InboxFileOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var status = outcome.Status switch
        {
            InboxFileStatus.Imported => "übernommen",
            InboxFileStatus.Duplicate => "schon übernommen",
            _ => "abgelehnt (Quarantäne)",
        };
        return $"{label} {outcome.FileName}: {status}: {outcome.Summary}";
    }
}
