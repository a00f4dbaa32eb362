namespace PaymentRecon.Sepa;

/// <summary>
/// A customer payment status report (<c>CstmrPmtStsRpt</c>) for a submitted pain.008: which
/// collections the bank rejected before settlement. A rejected collection is never credited.
/// </summary>
/// <param name="Version">e.g. <c>pain.002.001.03</c>, <c>pain.002.001.10</c>, <c>pain.002.003.03</c> (old DK).</param>
/// <param name="OriginalMessageId"><c>OrgnlGrpInfAndSts/OrgnlMsgId</c>: the pain.008's MsgId.</param>
/// <param name="OriginalMessageNameId"><c>OrgnlMsgNmId</c>, e.g. pain.008.001.02.</param>
/// <param name="GroupStatus"><c>GrpSts</c>: RJCT rejects the whole original message.</param>
public sealed record Pain002Document(
    string Version,
    string MessageId,
    DateTime CreatedAt,
    string OriginalMessageId,
    string? OriginalMessageNameId,
    string? GroupStatus,
    IReadOnlyList<StatusReason> GroupReasons,
    IReadOnlyList<Pain002PaymentInformationStatus> PaymentInformations);
