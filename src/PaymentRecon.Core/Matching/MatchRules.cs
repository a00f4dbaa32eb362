namespace PaymentRecon.Matching;

/// <summary>The rule codes written to the <c>Regel</c> column and stored with each decision (README: rule table).</summary>
public static class MatchRules
{
    /// <summary>Exactly one open Kassenzeichen, amount equal to what is open.</summary>
    public const string Exact = "KZ-EXAKT";

    /// <summary>Exactly one open Kassenzeichen, less paid than open: IST for the amount paid.</summary>
    public const string PartialPayment = "KZ-TEILZAHLUNG";

    /// <summary>Exactly one open Kassenzeichen, more paid than open: IST for what is open, VWG surplus.</summary>
    public const string Overpayment = "KZ-UEBERZAHLUNG";

    /// <summary>Difference to the open amount within the Kleinbetrag threshold.</summary>
    public const string SmallDifference = "KZ-KLEINBETRAG";

    /// <summary>Several valid open Kassenzeichen whose open amounts add up exactly.</summary>
    public const string Split = "KZ-SPLIT";

    /// <summary>Valid check digit, but no Soll with this Kassenzeichen (yet).</summary>
    public const string Unknown = "KZ-UNBEKANNT";

    /// <summary>Looks like a Kassenzeichen, but the check digit fails.</summary>
    public const string CheckDigit = "KZ-PRUEFZIFFER";

    /// <summary>Several candidates that do not add up, or doubt from a broken or unknown second one.</summary>
    public const string Ambiguous = "KZ-MEHRDEUTIG";

    /// <summary>The Kassenzeichen exists but nothing is open on it (already paid): Überzahlung to VWG.</summary>
    public const string Closed = "KZ-GESCHLOSSEN";

    /// <summary>No Kassenzeichen at all in the receipt.</summary>
    public const string None = "KZ-FEHLT";

    /// <summary>Not in EUR.</summary>
    public const string Currency = "WAEHRUNG";

    /// <summary>Rücklastschrift whose original was found: IST reversed, charges as GEB.</summary>
    public const string Return = "RUECKLASTSCHRIFT";

    /// <summary>Rücklastschrift whose original receipt is unknown: VWG Klärfall.</summary>
    public const string ReturnUnknown = "RUECKLASTSCHRIFT-UNBEKANNT";

    /// <summary>Credit returning one of our own outgoing payments (GVC 159/160): VWG, not a citizen payment.</summary>
    public const string ReturnedPayout = "RUECKLAEUFER";

    /// <summary>Bank Storno of an earlier booking that was found: undone.</summary>
    public const string Reversal = "STORNO";

    /// <summary>Bank Storno whose original is unknown: VWG Klärfall.</summary>
    public const string ReversalUnknown = "STORNO-UNBEKANNT";

    /// <summary>Charges of a return or reversal, line rule of the GEB line.</summary>
    public const string Charges = "GEBUEHR-RUECKGABE";

    /// <summary>Outgoing transfer (116/117/118/191 or any plain debit): out of scope.</summary>
    public const string Outgoing = "AUSGANG";

    /// <summary>Direct debit drawn on our account (104/105): out of scope.</summary>
    public const string DebitReceived = "LASTSCHRIFT-BELASTUNG";

    /// <summary>Bank fees and account closing (805/808): out of scope.</summary>
    public const string BankFee = "GEBUEHR";

    /// <summary>An entry of zero: nothing to book.</summary>
    public const string ZeroAmount = "NULLBETRAG";

    /// <summary>Release line of a Klärfall now assigned by a later Soll: negative VWG.</summary>
    public const string LateSoll = "KZ-NACHTRAG";

    /// <summary>A provider payout linked to its settlement report (payout id in the text, or amount and date).</summary>
    public const string ProviderPayout = "PROVIDER-AUSZAHLUNG";

    /// <summary>A provider payout whose report has not arrived (or does not fit yet): held as one VWG item.</summary>
    public const string ProviderPayoutWaiting = "PROVIDER-OFFEN";

    /// <summary>Line rule of the GEB line for the fee of one report line.</summary>
    public const string ProviderFee = "PROVIDER-GEBUEHR";

    /// <summary>A provider's monthly fee debit: GEB, out of the receipt matching.</summary>
    public const string ProviderMonthlyFee = "PROVIDER-GEBUEHR-MONAT";

    /// <summary>A refund (negative gross) in a provider report: negative VWG Klärfall, staff check the Soll.</summary>
    public const string ProviderRefund = "PROVIDER-ERSTATTUNG";

    /// <summary>Credit of an own direct debit, matched by PmtInfId/EndToEndId to the submitted pain.008: IST on its Kassenzeichen.</summary>
    public const string SepaCollection = "SEPA-LASTSCHRIFT";

    /// <summary>
    /// Collection of a batch credit whose bank details never came (no TxDtls, no camt.054), booked
    /// from the submitted pain.008 (PmtInfId, sum and count fit): rule of the batch entry and of the
    /// IST line of each of its collections.
    /// </summary>
    public const string SepaBatchFromPain008 = "LASTSCHRIFT-PAIN008";

    /// <summary>A camt.054 item of a batch already booked from its pain.008 that agrees (EndToEndId, amount): nothing booked again.</summary>
    public const string SepaBatchItemConfirmed = "LASTSCHRIFT-PAIN008-BESTAETIGT";

    /// <summary>A camt.054 item of a batch already booked from its pain.008 that does not agree: nothing booked, reported for checking.</summary>
    public const string SepaBatchItemMismatch = "LASTSCHRIFT-PAIN008-ABWEICHUNG";
}
