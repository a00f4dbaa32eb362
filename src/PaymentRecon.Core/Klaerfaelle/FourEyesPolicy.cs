namespace PaymentRecon.Klaerfaelle;

/// <summary>When a proposal (assignment, split, refund) needs approval by a different user with role approver.</summary>
/// <param name="Threshold">With <see cref="FourEyesMode.AboveAmount"/>: amounts above it need approval, at or below take effect at once.</param>
public sealed record FourEyesPolicy(FourEyesMode Mode, decimal Threshold = 0m)
{
    public static FourEyesPolicy Always { get; } = new(FourEyesMode.Always);

    public bool RequiresApproval(decimal amount) => Mode == FourEyesMode.Always || amount > Threshold;
}
