namespace PaymentRecon.Host.Service;

/// <summary>What <see cref="QuarantineRequeue"/> did.</summary>
/// <param name="Succeeded">The file is (now or already) in the inbox.</param>
/// <param name="Moved">This call moved it.</param>
/// <param name="BusinessDate">The business date of the run that had rejected it.</param>
internal sealed record RequeueResult(bool Succeeded, bool Moved, string? InboxPath, DateOnly? BusinessDate, string Message)
{
    public static RequeueResult Failed(string message) => new(false, false, null, null, message);
}
