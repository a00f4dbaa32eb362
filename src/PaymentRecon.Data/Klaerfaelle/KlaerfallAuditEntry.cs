namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>
/// One line of a Klärfall's audit trail: a manual action (recon.klaerfall_audit) or an automatic
/// decision of the matching (recon.decision), in time order.
/// </summary>
/// <param name="Source"><c>manuell</c> or <c>automatisch</c>.</param>
/// <param name="Action">Code: e.g. <c>propose-assign</c>, <c>approve</c>, <c>note</c>; for decisions the decision kind (<c>initial</c>, <c>retry</c>, <c>manual</c>, <c>replaced</c>).</param>
/// <param name="Rule">The rule of an automatic decision (or of a manual booking).</param>
/// <param name="Before">JSON of the Klärfall (and proposal) before the action; null for decisions.</param>
public sealed record KlaerfallAuditEntry(
    DateTimeOffset At,
    long KlaerfallId,
    string Source,
    string Actor,
    string Action,
    string ActionLabel,
    string? ReasonCode,
    string? ReasonLabel,
    string? Note,
    string? Rule,
    string? Before,
    string? After,
    long? ProposalId);
