namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>The action codes of the audit trail and their German labels.</summary>
public static class AuditActions
{
    public const string ProposeAssign = "propose-assign";
    public const string ProposeSplit = "propose-split";
    public const string ProposeRefund = "propose-refund";
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string Withdraw = "withdraw";
    public const string Obsolete = "obsolete";
    public const string Book = "book";
    public const string Refund = "refund";
    public const string Keep = "keep";
    public const string Reopen = "reopen";
    public const string Reassign = "reassign";
    public const string Note = "note";

    public static string Label(string action) => action switch
    {
        ProposeAssign => "Zuordnung vorgeschlagen",
        ProposeSplit => "Aufteilung vorgeschlagen",
        ProposeRefund => "Rückzahlung vorgeschlagen",
        Approve => "Vorschlag freigegeben",
        Reject => "Vorschlag abgelehnt",
        Withdraw => "Vorschlag zurückgezogen",
        Obsolete => "Vorschlag gegenstandslos",
        Book => "Gebucht: Verwahrgeld aufgelöst, Ist-Buchung MANUELL",
        Refund => "Zur Rückzahlung vorgemerkt (Auszahlungsanordnung im HKR erforderlich)",
        Keep => "Als Verwahrgeld belassen",
        Reopen => "Wieder in die Arbeitsliste aufgenommen",
        Reassign => "Bearbeiter geändert",
        Note => "Notiz",
        // Decisions of the matching (recon.decision.kind).
        "initial" => "Automatische Prüfung",
        "retry" => "Automatisch nachgebucht (Soll-Stellung liegt jetzt vor)",
        "manual" => "Manuelle Buchung",
        "replaced" => "Sammelbuchung durch Einzelposten ersetzt",
        _ => action,
    };
}
