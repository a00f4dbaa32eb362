namespace PaymentRecon.Providers;

/// <summary>What one report row is.</summary>
public enum ProviderLineKind
{
    /// <summary>A payment, refund or charge of a payer: it is booked (IST on its Kassenzeichen, fee as GEB).</summary>
    Transaction = 1,

    /// <summary>
    /// The provider's transfer of the balance to the Landkreis' bank account (PayPal "General
    /// Withdrawal"): not booked itself, it is what the bank entry is linked to.
    /// </summary>
    Payout = 2,
}
