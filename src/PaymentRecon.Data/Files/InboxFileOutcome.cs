using PaymentRecon.Inbox;

namespace PaymentRecon.Data.Files;

/// <summary>One file's outcome, for the run report.</summary>
/// <param name="Summary">What the importer took, in words (counts, sums); for duplicates and rejections the reason.</param>
/// <param name="MovedTo">Where the file is now (archive or quarantine).</param>
public sealed record InboxFileOutcome(
    string FileName,
    string Sha256Hex,
    InboxFileStatus Status,
    string Summary,
    string MovedTo,
    IReadOnlyList<ImportProblem> Problems);
