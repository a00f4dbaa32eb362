namespace PaymentRecon.Matching;

/// <summary>The final state a receipt ends in. Exactly one per receipt.</summary>
public enum MatchOutcome
{
    None = 0,

    /// <summary>IST onto one Kassenzeichen (exact or Teilzahlung), AUTO.</summary>
    Ist = 1,

    /// <summary>IST for what was open, VWG for the surplus (Überzahlung).</summary>
    IstWithSurplus = 2,

    /// <summary>One IST per Kassenzeichen: several Kassenzeichen whose open amounts add up exactly.</summary>
    Split = 3,

    /// <summary>Everything to VWG: a Klärfall with suggestions.</summary>
    Klaerfall = 4,

    /// <summary>Rücklastschrift: the original IST undone (Soll reopened), charges as GEB.</summary>
    Return = 5,

    /// <summary>Bank Storno (RvslInd): the original booking undone.</summary>
    Reversal = 6,

    /// <summary>Not a receipt: outgoing payment, bank fee, debit received. Listed in the report, not booked.</summary>
    OutOfScope = 7,

    /// <summary>An open Klärfall that is now certain: VWG released (negative VWG) and IST booked.</summary>
    KlaerfallResolved = 8,

    /// <summary>
    /// A payment provider's payout linked to its settlement report: the bank entry carries the fee
    /// lines (GEB), each report line is booked as a receipt of its own (IST gross or Klärfall).
    /// </summary>
    ProviderPayout = 9,

    /// <summary>A provider's fee debit (paid gross, fees debited monthly): one GEB line, not a receipt.</summary>
    ProviderFee = 10,

    /// <summary>
    /// A batch credit of own direct debits without bank details, resolved from the submitted
    /// pain.008: the entry itself carries no line (or the release of its held total); each
    /// collection is booked as a receipt of its own.
    /// </summary>
    SepaBatchFromPain008 = 11,

    /// <summary>
    /// A camt.054 item of a batch already booked from its pain.008: no line, because the same
    /// collection is booked already (a differing item is reported, never booked a second time).
    /// </summary>
    AlreadyBooked = 12,
}
