namespace PaymentRecon.Providers;

/// <summary>Where the direction of a report line comes from.</summary>
public enum SignHandling
{
    /// <summary>Amounts carry their sign: a payment is positive, a refund or payout negative.</summary>
    SignedAmounts = 1,

    /// <summary>Amounts are unsigned; a separate column says credit or debit (<see cref="ProviderProfile.CreditValues"/>, <see cref="ProviderProfile.DebitValues"/>).</summary>
    SignColumn = 2,
}
