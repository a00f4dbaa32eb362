namespace PaymentRecon.Booking;

/// <summary>The control sum of one statement: every entry booked (lines add up) or out of scope.</summary>
/// <param name="Turnover">Sum of the entries' signed amounts.</param>
/// <param name="BookedSum">Sum of all booking lines.</param>
/// <param name="OutOfScopeSum">Sum of the out-of-scope entries.</param>
public sealed record ControlSumStatement(
    string StatementId,
    int EntryCount,
    int BookedCount,
    int OutOfScopeCount,
    decimal Turnover,
    decimal BookedSum,
    decimal OutOfScopeSum,
    int ViolationCount)
{
    /// <summary>Turnover = booked + out of scope, and no entry violates the rule.</summary>
    public bool Holds => ViolationCount == 0 && Turnover == BookedSum + OutOfScopeSum;
}
