namespace PaymentRecon.Data.Providers;

/// <summary>
/// One payout of a provider with the totals of its report lines: what a bank credit from the
/// provider is linked to. <see cref="ExpectedBankAmount"/> is what the credit should be.
/// </summary>
/// <param name="Id">Row id in <c>recon.provider_payout</c>.</param>
/// <param name="AnnouncedAmount">The payout row's amount as money arriving at the bank; null when the report has no payout row.</param>
/// <param name="LinesGross">Sum of gross of the transaction lines: the IST side.</param>
/// <param name="LinesFee">Sum of fees: the GEB side.</param>
/// <param name="LinesNet">Sum of net: gross − fee.</param>
/// <param name="LinkedEntryId">The bank entry it was linked to; null while it waits.</param>
public sealed record ProviderPayout(
    long Id,
    string Profile,
    string PayoutId,
    decimal? AnnouncedAmount,
    DateOnly? AnnouncedOn,
    long LineCount,
    decimal LinesGross,
    decimal LinesFee,
    decimal LinesNet,
    string? Currency,
    DateOnly? FirstPaymentDate,
    DateOnly? LastPaymentDate,
    long? LinkedEntryId,
    DateTime? LinkedAt)
{
    public decimal ExpectedBankAmount => AnnouncedAmount ?? LinesNet;

    /// <summary>True when the payout row and its lines agree (or there is no payout row): the control sum can hold.</summary>
    public bool LinesMatchAnnouncement => AnnouncedAmount is null || AnnouncedAmount == LinesNet;
}
