namespace PaymentRecon.Data;

/// <summary>
/// Named places where a test can make the process die as abruptly as <c>kill -9</c>: when the
/// environment variable <c>PAYMENTRECON_FAULT_POINT</c> names the place, the process ends there
/// with <see cref="Environment.FailFast(string)"/> (no finally blocks, no flushing). Unset in
/// production, it costs one string comparison per place passed.
/// </summary>
public static class FaultPoint
{
    public const string Variable = "PAYMENTRECON_FAULT_POINT";

    private static readonly string? Armed = Environment.GetEnvironmentVariable(Variable);

    public static void Reached(string name)
    {
        if (Armed is not null && string.Equals(Armed, name, StringComparison.Ordinal))
        {
            Environment.FailFast($"Fault point '{name}' reached ({Variable}).");
        }
    }
}
