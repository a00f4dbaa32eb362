namespace PaymentRecon.Klaerfaelle;

/// <summary>
/// The reason codes every manual action on a Klärfall carries (README "Klärfälle (Daten und
/// Kommandozeile)"). The list is fixed: auditors count by code. <see cref="Other"/> needs a note.
/// </summary>
public static class KlaerfallReasonCodes
{
    public const string Other = "SONSTIGES";

    private static readonly KlaerfallAction[] Booking = [KlaerfallAction.Assign, KlaerfallAction.Split];
    private static readonly KlaerfallAction[] Refund = [KlaerfallAction.Refund];
    private static readonly KlaerfallAction[] Keep = [KlaerfallAction.Keep];

    public static IReadOnlyList<KlaerfallReasonCode> All { get; } =
    [
        new("ZUORDNUNG_ERMITTELT", "Zuordnung ermittelt (Kassenzeichen recherchiert)", [.. Booking, KlaerfallAction.Reopen]),
        new("KASSENZEICHEN_FEHLERHAFT", "Kassenzeichen fehlerhaft angegeben (Tipp- oder Zahlendreher)", Booking),
        new("SAMMELZAHLUNG", "Sammelzahlung für mehrere Kassenzeichen", [KlaerfallAction.Split]),
        new("RUECKSPRACHE_ZAHLER", "Rücksprache mit dem Zahlungspflichtigen", [.. Booking, .. Refund, .. Keep, KlaerfallAction.Reopen]),
        new("RUECKSPRACHE_FACHAMT", "Rücksprache mit dem Fachamt / Fachverfahren", [.. Booking, .. Refund, .. Keep, KlaerfallAction.Reopen]),
        new("DOPPELZAHLUNG", "Doppelzahlung", [.. Refund, .. Keep]),
        new("UEBERZAHLUNG", "Überzahlung", [.. Refund, .. Keep, KlaerfallAction.Split]),
        new("FEHLUEBERWEISUNG", "Fehlüberweisung (nicht für diese Kasse bestimmt)", Refund),
        new("SOLL_FOLGT", "Soll-Stellung folgt (noch nicht angeordnet)", Keep),
        new("SOLL_LIEGT_VOR", "Soll-Stellung liegt jetzt vor", [KlaerfallAction.Reopen]),
        new("ZAHLER_NICHT_ERMITTELBAR", "Zahlungspflichtiger nicht ermittelbar", Keep),
        new("ZUSTAENDIGKEIT", "Zuständigkeit / Vertretung", [KlaerfallAction.Reassign]),
        new("ARBEITSVERMERK", "Arbeitsvermerk", [KlaerfallAction.Note]),
        new("VORSCHLAG_GEPRUEFT", "Vorschlag geprüft und bestätigt", [KlaerfallAction.Approve]),
        new("VORSCHLAG_FEHLERHAFT", "Vorschlag fehlerhaft", [KlaerfallAction.Reject, KlaerfallAction.Withdraw]),
        new("BELEG_FEHLT", "Nachweis fehlt", [KlaerfallAction.Reject]),
        new(Other, "Sonstiges (Begründung in der Notiz)", Enum.GetValues<KlaerfallAction>()),
    ];

    public static KlaerfallReasonCode? Find(string? code) =>
        All.FirstOrDefault(c => string.Equals(c.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The German label, or the code itself when it is not (or no longer) in the list.</summary>
    public static string Label(string? code) => Find(code)?.Label ?? code ?? "";

    /// <summary>Null when the code and note are acceptable, else a German message.</summary>
    public static string? Check(string? code, string? note)
    {
        var found = Find(code);
        if (found is null)
        {
            return $"Unbekannter Begründungscode „{code}“. Erlaubt: {string.Join(", ", All.Select(c => c.Code))}.";
        }

        return found.Code == Other && string.IsNullOrWhiteSpace(note)
            ? "Begründungscode SONSTIGES braucht eine Notiz mit der Begründung."
            : null;
    }
}
