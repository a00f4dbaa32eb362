namespace PaymentRecon.Camt;

/// <summary>
/// What precedes the entries of one <c>Stmt</c> (camt.053), <c>Rpt</c> (camt.052) or
/// <c>Ntfctn</c> (camt.054): identity, account, balances and the bank's totals.
/// </summary>
/// <param name="Index">Position within the message, from 0 (a message may, against DK rules, hold several).</param>
/// <param name="Id">camt: <c>Id</c>.</param>
/// <param name="ElectronicSequenceNumber">camt: <c>ElctrncSeqNb</c>.</param>
/// <param name="LegalSequenceNumber">camt: <c>LglSeqNb</c>, often the Auszugsnummer.</param>
/// <param name="PageNumber">camt: <c>StmtPgntn/PgNb</c> (.04 on).</param>
/// <param name="LastPage">camt: <c>StmtPgntn/LastPgInd</c> (.04 on).</param>
/// <param name="AccountIban">camt: <c>Acct/Id/IBAN</c>, normalised (no spaces, upper case).</param>
/// <param name="AccountOtherId">camt: <c>Acct/Id/Othr/Id</c> when there is no IBAN.</param>
/// <param name="AccountCurrency">camt: <c>Acct/Ccy</c>; null when not given.</param>
/// <param name="ServicerBic">camt: <c>Acct/Svcr/FinInstnId/BIC</c> (.02) or <c>BICFI</c> (.04 on).</param>
public sealed record StatementHeader(
    int Index,
    string XmlPath,
    string Id,
    long? ElectronicSequenceNumber,
    long? LegalSequenceNumber,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? FromDateTime,
    DateTimeOffset? ToDateTime,
    CopyDuplicate CopyDuplicate,
    int? PageNumber,
    bool? LastPage,
    string? AccountIban,
    string? AccountOtherId,
    Currency? AccountCurrency,
    string? AccountOwnerName,
    string? ServicerBic,
    IReadOnlyList<Balance> Balances,
    TransactionsSummary? TransactionsSummary);
