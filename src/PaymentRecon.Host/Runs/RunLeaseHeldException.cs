namespace PaymentRecon.Host.Runs;

/// <summary>Another run (another server, or the command line) holds the business date.</summary>
public sealed class RunLeaseHeldException : Exception
{
    public RunLeaseHeldException(DateOnly businessDate, string? holder)
        : base($"Lock held by another run: business date {businessDate:yyyy-MM-dd} is being processed by {holder ?? "another run"}.")
    {
        BusinessDate = businessDate;
        Holder = holder;
    }

    public RunLeaseHeldException()
    {
    }

    public RunLeaseHeldException(string message)
        : base(message)
    {
    }

    public RunLeaseHeldException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DateOnly BusinessDate { get; }

    public string? Holder { get; }
}
