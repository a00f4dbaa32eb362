namespace PaymentRecon.Data.Statements;

/// <summary>One imported statement as the run report shows it: identity, balance check, counts and sums.</summary>
/// <remarks>Read with Dapper through the init properties (a text[] column does not bind to a constructor parameter).</remarks>
public sealed record StatementReport
{
    public required long Id { get; init; }

    public required long ImportFileId { get; init; }

    public required string FileName { get; init; }

    public required string MessageType { get; init; }

    public required string MessageId { get; init; }

    public required string StatementId { get; init; }

    public long? ElectronicSequenceNumber { get; init; }

    public long? LegalSequenceNumber { get; init; }

    public required string AccountKey { get; init; }

    public string? Currency { get; init; }

    /// <summary><c>imported</c>, or <c>duplicate</c> when it was a re-delivery that added nothing.</summary>
    public required string Status { get; init; }

    public required string CopyDuplicate { get; init; }

    public decimal? OpeningBalance { get; init; }

    public decimal? ClosingBalance { get; init; }

    /// <summary><c>ok</c> / <c>mismatch</c> / <c>not-possible</c>.</summary>
    public required string BalanceCheck { get; init; }

    public decimal? BalanceDifference { get; init; }

    public required string BalanceExplanation { get; init; }

    /// <summary>Where <c>TxsSummry</c> disagrees with the entries.</summary>
    public required string[] SummaryProblems { get; init; }

    public required int EntryCount { get; init; }

    public required decimal CreditSum { get; init; }

    public required decimal DebitSum { get; init; }

    public required int BookedCreditCount { get; init; }

    public required int BookedDebitCount { get; init; }

    public required decimal BookedCreditSum { get; init; }

    public required decimal BookedDebitSum { get; init; }

    /// <summary>Entries this statement added; <see cref="KnownEntryCount"/> those it carried that were already imported.</summary>
    public required int NewEntryCount { get; init; }

    public required int KnownEntryCount { get; init; }
}
