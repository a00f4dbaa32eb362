namespace PaymentRecon.Inbox;

/// <summary>
/// The file cannot be taken: it is quarantined whole with every problem listed in <c>FILE.error.txt</c>.
/// Thrown by importers for data errors only; infrastructure failures keep their own exception types.
/// </summary>
public sealed class ImportFileRejectedException : Exception
{
    public ImportFileRejectedException(IReadOnlyList<ImportProblem> problems)
        : base(problems.Count == 1 ? problems[0].Message : $"{problems.Count} problems") =>
        Problems = problems;

    public ImportFileRejectedException(ImportProblem problem)
        : this([problem])
    {
    }

    public ImportFileRejectedException()
        : this([])
    {
    }

    public ImportFileRejectedException(string message)
        : this(new ImportProblem("file", null, message))
    {
    }

    public ImportFileRejectedException(string message, Exception innerException)
        : base(message, innerException) =>
        Problems = [new ImportProblem("file", null, message)];

    public IReadOnlyList<ImportProblem> Problems { get; }
}
