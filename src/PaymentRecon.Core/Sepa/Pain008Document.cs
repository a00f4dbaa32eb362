namespace PaymentRecon.Sepa;

/// <summary>A submitted SEPA direct-debit initiation (<c>CstmrDrctDbtInitn</c>).</summary>
/// <param name="Version">From the namespace, e.g. <c>pain.008.001.02</c>, <c>pain.008.001.08</c>, <c>pain.008.003.02</c> (old DK).</param>
/// <param name="MessageId"><c>GrpHdr/MsgId</c>: the idempotency key of the file.</param>
/// <param name="CreatedAt"><c>GrpHdr/CreDtTm</c>, wall-clock time as written.</param>
/// <param name="NumberOfTransactions"><c>GrpHdr/NbOfTxs</c>, checked against the transactions.</param>
/// <param name="ControlSum"><c>GrpHdr/CtrlSum</c> when given, checked against the sum of <c>InstdAmt</c>.</param>
/// <param name="InitiatingParty"><c>GrpHdr/InitgPty/Nm</c>.</param>
public sealed record Pain008Document(
    string Version,
    string MessageId,
    DateTime CreatedAt,
    int NumberOfTransactions,
    decimal? ControlSum,
    string? InitiatingParty,
    IReadOnlyList<Pain008PaymentInformation> PaymentInformations);
