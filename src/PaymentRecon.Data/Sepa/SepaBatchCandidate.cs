namespace PaymentRecon.Data.Sepa;

/// <summary>
/// A camt.053 batch credit without details (no TxDtls, no camt.054): not decided yet, or held as
/// Verwahrgeld (<c>SAMMLER-OFFEN</c>) by an earlier run. What is needed to find its pain.008 block.
/// </summary>
/// <param name="PaymentInformationId">camt <c>Btch/PmtInfId</c>, when the bank gives it.</param>
/// <param name="BatchCount">camt <c>Btch/NbOfTxs</c>, when the bank gives it.</param>
/// <param name="Text"><c>AddtlNtryInf</c> and any remittance lines of the entry, for a PmtInfId written as text.</param>
/// <param name="KlaerfallId">The open <c>SAMMLER-OFFEN</c> Klärfall holding the total; null for an entry not decided yet.</param>
/// <param name="Held">The Verwahrgeld held by that Klärfall.</param>
/// <param name="NextSeq">The next decision number of the entry (1 when not decided yet).</param>
public sealed record SepaBatchCandidate(
    long EntryId,
    decimal Amount,
    string Currency,
    bool Reversal,
    string? Gvc,
    string? BtcFamily,
    string? AccountIban,
    string? PaymentInformationId,
    int? BatchCount,
    string? Text,
    long? KlaerfallId,
    decimal? Held,
    int NextSeq);
