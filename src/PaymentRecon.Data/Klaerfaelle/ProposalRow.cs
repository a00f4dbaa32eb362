using System.Text.Json;

namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>A row of recon.klaerfall_proposal as read.</summary>
internal sealed record ProposalRow(
    long Id,
    long KlaerfallId,
    string Kind,
    string Targets,
    decimal Betrag,
    string ReasonCode,
    string? Note,
    string ProposedBy,
    DateTime ProposedAt,
    string Status,
    string? DecidedBy,
    DateTime? DecidedAt,
    string? DecisionReasonCode,
    string? DecisionNote)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public KlaerfallProposal ToProposal() => new(
        Id,
        KlaerfallId,
        Kind,
        JsonSerializer.Deserialize<List<ProposalTarget>>(Targets, Json) ?? [],
        Betrag,
        ReasonCode,
        Note,
        ProposedBy,
        new DateTimeOffset(DateTime.SpecifyKind(ProposedAt, DateTimeKind.Utc)),
        Status,
        DecidedBy,
        DecidedAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
        DecisionReasonCode,
        DecisionNote);
}
