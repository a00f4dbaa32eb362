namespace PaymentRecon.Matching;

/// <summary>An open Klärfall to try again against newly imported Soll.</summary>
/// <param name="KlaerfallId">The Klärfall's own id, echoed back.</param>
/// <param name="Receipt">The receipt the Klärfall came from.</param>
/// <param name="VerwahrgeldAmount">What is still held as VWG for it (positive).</param>
public sealed record OpenKlaerfall(long KlaerfallId, Receipt Receipt, Money VerwahrgeldAmount);
