using PaymentRecon.Data.Files;

namespace PaymentRecon.Host.Runs;

/// <summary>One inbox file a step took or rejected, as the run report and the summary show it.</summary>
/// <param name="Kind">"Soll" or "Kontoauszug".</param>
internal sealed record RunFileOutcome(string Kind, string FileName, InboxFileStatus Status, string Summary, string MovedTo, IReadOnlyList<string> Problems)
{
    public static RunFileOutcome Of(string kind, InboxFileOutcome outcome) =>
        new(kind, outcome.FileName, outcome.Status, outcome.Summary, outcome.MovedTo, [.. outcome.Problems.Select(p => p.ToString())]);
}
