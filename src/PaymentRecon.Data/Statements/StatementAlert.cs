namespace PaymentRecon.Data.Statements;

/// <summary>A row of <c>recon.statement_alert</c>: something about the sequence of statements the finance staff must know.</summary>
/// <param name="Kind"><c>sequence-gap</c>, <c>legal-sequence-gap</c>, <c>balance-discontinuity</c> or <c>batch-detail-mismatch</c>.</param>
/// <param name="Message">German, for the report.</param>
/// <param name="ResolvedAt">Set when a later delivery filled the gap or the details were linked after all.</param>
public sealed record StatementAlert(
    long Id,
    long StatementRowId,
    string StatementId,
    string AccountKey,
    string Kind,
    string Message,
    DateTime CreatedAt,
    DateTime? ResolvedAt,
    string? ResolvedNote);
