using PaymentRecon.Inbox;

namespace PaymentRecon.Sepa;

/// <summary>What a SEPA reader got from a file: the document when it is usable, and every problem.</summary>
/// <remarks>A file with any problem is rejected whole; <see cref="Document"/> may still be set then, for inspection.</remarks>
public sealed record SepaReading<T>(T? Document, IReadOnlyList<ImportProblem> Problems)
    where T : class
{
    public bool IsValid => Document is not null && Problems.Count == 0;
}
