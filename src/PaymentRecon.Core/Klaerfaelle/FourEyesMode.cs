namespace PaymentRecon.Klaerfaelle;

/// <summary><c>PaymentRecon:Klaerfaelle:FourEyes</c>.</summary>
public enum FourEyesMode
{
    /// <summary>Every assignment, split and refund needs a second user with role approver.</summary>
    Always,

    /// <summary>Only proposals above the threshold need approval; the rest take effect at once (still audited).</summary>
    AboveAmount,
}
