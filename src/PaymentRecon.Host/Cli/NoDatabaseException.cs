namespace PaymentRecon.Host.Cli;

/// <summary>Neither <c>--db</c> nor <c>PAYMENTRECON_DB</c> named a database.</summary>
public sealed class NoDatabaseException : Exception
{
    public NoDatabaseException()
        : base("No database: pass --db \"Host=...;Database=...\", set PAYMENTRECON_DB, or start through scripts/paymentrecon, which provides the embedded default.")
    {
    }

    public NoDatabaseException(string message)
        : base(message)
    {
    }

    public NoDatabaseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
