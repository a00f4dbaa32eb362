namespace PaymentRecon.Booking;

/// <summary>The control sum over all statements of a run.</summary>
public sealed record ControlSumResult(IReadOnlyList<ControlSumStatement> Statements, IReadOnlyList<ControlSumViolation> Violations)
{
    public bool Holds => Violations.Count == 0 && Statements.All(s => s.Holds);
}
