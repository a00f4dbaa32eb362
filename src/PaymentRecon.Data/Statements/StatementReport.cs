namespace PaymentRecon.Data.Statements;

/// <summary>One imported statement as the run report shows it: identity, balance check, counts and sums.</summary>
/// <param name="Status"><c>imported</c>, or <c>duplicate</c> when it was a re-delivery that added nothing.</param>
/// <param name="BalanceCheck"><c>ok</c> / <c>mismatch</c> / <c>not-possible</c>.</param>
/// <param name="SummaryProblems">Where <c>TxsSummry</c> disagrees with the entries.</param>
/// <param name="NewEntryCount">Entries this statement added.</param>
/// <param name="KnownEntryCount">Entries it carried that were already imported.</param>
public sealed record StatementReport(
    long Id,
    long ImportFileId,
    string FileName,
    string MessageType,
    string MessageId,
    string StatementId,
    long? ElectronicSequenceNumber,
    long? LegalSequenceNumber,
    string AccountKey,
    string? Currency,
    string Status,
    string CopyDuplicate,
    decimal? OpeningBalance,
    decimal? ClosingBalance,
    string BalanceCheck,
    decimal? BalanceDifference,
    string BalanceExplanation,
    string[] SummaryProblems,
    int EntryCount,
    decimal CreditSum,
    decimal DebitSum,
    int BookedCreditCount,
    int BookedDebitCount,
    decimal BookedCreditSum,
    decimal BookedDebitSum,
    int NewEntryCount,
    int KnownEntryCount);
