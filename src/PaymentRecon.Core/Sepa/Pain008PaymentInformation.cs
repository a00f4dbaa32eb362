namespace PaymentRecon.Sepa;

/// <summary>
/// One <c>PmtInf</c> of a pain.008: a batch with one collection date, sequence type and creditor
/// account. The bank credits it as one entry whose <c>Btch/PmtInfId</c> is <see cref="PaymentInformationId"/>.
/// </summary>
/// <param name="NumberOfTransactions"><c>NbOfTxs</c> when given (optional at this level).</param>
/// <param name="ControlSum"><c>CtrlSum</c> when given.</param>
/// <param name="SequenceType"><c>PmtTpInf/SeqTp</c>: FRST, RCUR, OOFF, FNAL.</param>
/// <param name="LocalInstrument"><c>PmtTpInf/LclInstrm/Cd</c>: CORE, B2B, (COR1).</param>
public sealed record Pain008PaymentInformation(
    int Position,
    string PaymentInformationId,
    DateOnly RequestedCollectionDate,
    string? SequenceType,
    string? LocalInstrument,
    int? NumberOfTransactions,
    decimal? ControlSum,
    string? CreditorName,
    string? CreditorIban,
    string? CreditorSchemeId,
    IReadOnlyList<Pain008Transaction> Transactions);
