namespace PaymentRecon.Data.Booking;

/// <summary>The export register has no finished file of that name.</summary>
public sealed class ExportNotFoundException : Exception
{
    public ExportNotFoundException()
    {
    }

    public ExportNotFoundException(string message)
        : base(message)
    {
    }

    public ExportNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
