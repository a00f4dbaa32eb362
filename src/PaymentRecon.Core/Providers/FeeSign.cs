namespace PaymentRecon.Providers;

/// <summary>How the fee column is signed. Internally a fee is always the charge: positive = the provider kept money.</summary>
public enum FeeSign
{
    /// <summary>A charge is written positive, so gross − fee = net (most provider CSVs).</summary>
    ChargePositive = 1,

    /// <summary>A charge is written negative as its effect on the balance, so gross + fee = net (PayPal).</summary>
    ChargeNegative = 2,
}
