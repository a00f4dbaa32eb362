namespace PaymentRecon.Providers;

/// <summary>How a provider writes amounts.</summary>
public enum AmountUnit
{
    /// <summary>Major units with decimals, e.g. <c>12,50</c> or <c>12.50</c>.</summary>
    Euros = 1,

    /// <summary>Whole minor units without decimals, e.g. <c>1250</c> for 12.50 EUR (GiroCheckout, PayPal SFTP reports).</summary>
    Cents = 2,
}
