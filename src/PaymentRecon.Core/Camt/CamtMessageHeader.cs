namespace PaymentRecon.Camt;

/// <summary>camt: <c>GrpHdr</c> plus what the namespace says.</summary>
/// <param name="Version">Message version from the namespace, e.g. <c>001.08</c>.</param>
/// <param name="MessageId">camt: <c>GrpHdr/MsgId</c>.</param>
/// <param name="CreatedAt">camt: <c>GrpHdr/CreDtTm</c>.</param>
/// <param name="PageNumber">camt: <c>GrpHdr/MsgPgntn/PgNb</c>.</param>
/// <param name="LastPage">camt: <c>GrpHdr/MsgPgntn/LastPgInd</c>.</param>
public sealed record CamtMessageHeader(
    CamtMessageType Type,
    string Version,
    string MessageId,
    DateTimeOffset? CreatedAt,
    int? PageNumber,
    bool? LastPage);
