using PaymentRecon.Inbox;

namespace PaymentRecon.Camt;

/// <summary>
/// A camt file that cannot be read: not well-formed, an unknown namespace, a DTD, a value the
/// schema does not allow, an amount that would need rounding. The file is rejected whole;
/// <see cref="Problem"/> names the XML path and line.
/// </summary>
public sealed class CamtFormatException : Exception
{
    public CamtFormatException(string sourceName, ImportProblem problem, Exception? innerException = null)
        : base($"{sourceName}: {problem}", innerException)
    {
        SourceName = sourceName;
        Problem = problem;
    }

    public CamtFormatException()
        : this("camt", new ImportProblem("file", null, "The camt file cannot be read."))
    {
    }

    public CamtFormatException(string message)
        : this("camt", new ImportProblem("file", null, message))
    {
    }

    public CamtFormatException(string message, Exception innerException)
        : this("camt", new ImportProblem("file", null, message), innerException)
    {
    }

    /// <summary>The file (for a ZIP entry <c>archive.zip!entry.xml</c>).</summary>
    public string SourceName { get; }

    /// <summary>Location (XML path and line), the value when there is one, and what is wrong.</summary>
    public ImportProblem Problem { get; }
}
