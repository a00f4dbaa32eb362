namespace PaymentRecon.Matching;

/// <summary>Rule codes (<c>Regel</c> column) of bookings staff decided on a Klärfall.</summary>
public static class ManualRules
{
    /// <summary>A Klärfall assigned by staff to one Kassenzeichen: negative VWG, IST, Zuordnung MANUELL.</summary>
    public const string Assign = "MANUELL-ZUORDNUNG";

    /// <summary>A Klärfall split by staff across several Kassenzeichen.</summary>
    public const string Split = "MANUELL-SPLIT";
}
