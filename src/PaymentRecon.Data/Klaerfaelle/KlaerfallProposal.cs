namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>A proposal on a Klärfall and what became of it (table recon.klaerfall_proposal).</summary>
/// <param name="Kind"><c>assign</c>, <c>split</c> or <c>refund</c>.</param>
/// <param name="Status"><c>pending</c>, <c>approved</c>, <c>immediate</c>, <c>rejected</c>, <c>withdrawn</c>, <c>obsolete</c>.</param>
public sealed record KlaerfallProposal(
    long Id,
    long KlaerfallId,
    string Kind,
    IReadOnlyList<ProposalTarget> Targets,
    decimal Betrag,
    string ReasonCode,
    string? Note,
    string ProposedBy,
    DateTimeOffset ProposedAt,
    string Status,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? DecisionReasonCode,
    string? DecisionNote)
{
    public string KindLabel => Kind switch
    {
        "assign" => "Zuordnung",
        "split" => "Aufteilung",
        "refund" => "Rückzahlung",
        _ => Kind,
    };

    public string StatusLabel => Status switch
    {
        "pending" => "wartet auf Freigabe",
        "approved" => "freigegeben",
        "immediate" => "sofort wirksam (unter der Freigabegrenze)",
        "rejected" => "abgelehnt",
        "withdrawn" => "zurückgezogen",
        "obsolete" => "gegenstandslos",
        _ => Status,
    };
}
