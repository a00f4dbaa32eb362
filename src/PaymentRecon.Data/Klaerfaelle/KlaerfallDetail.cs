namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>Everything the Klärfall page shows: the payment as the bank sent it, where it came from, why it is a Klärfall, what could settle it, and its history.</summary>
public sealed record KlaerfallDetail
{
    public required long Id { get; init; }

    /// <summary><c>offen</c>, <c>zugeordnet</c>, <c>erstattung</c>, <c>verwahrt</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Held as Verwahrgeld now (after a partial manual assignment: what stays VWG).</summary>
    public required decimal Betrag { get; init; }

    public required string Rule { get; init; }

    /// <summary>Why it was not booked automatically (German, from the matching).</summary>
    public required IReadOnlyList<string> Reasons { get; init; }

    public string? AssignedTo { get; init; }

    public required DateOnly OpenedOn { get; init; }

    public long? OpenedRunId { get; init; }

    public long? ClosedRunId { get; init; }

    public required long ReceiptId { get; init; }

    /// <summary>The payment: signed amount, dates, payer, references, every remittance line in order.</summary>
    public required decimal ReceiptAmount { get; init; }

    public required string Currency { get; init; }

    public DateOnly BookingDate { get; init; }

    public DateOnly ValueDate { get; init; }

    public string? PayerName { get; init; }

    public string? PayerIban { get; init; }

    public required IReadOnlyList<string> RemittanceLines { get; init; }

    public string? EndToEndId { get; init; }

    public string? AccountServicerReference { get; init; }

    public string? MandateId { get; init; }

    public string? CreditorReference { get; init; }

    public string? BankTransactionCode { get; init; }

    public string? AdditionalInformation { get; init; }

    /// <summary>XML path of the entry in its file, e.g. <c>/Document/BkToCstmrStmt/Stmt[1]/Ntry[17]</c>.</summary>
    public required string EntryXmlPath { get; init; }

    /// <summary>The statement: Stmt/Id, electronic and legal sequence number, our account.</summary>
    public required string StatementId { get; init; }

    public long? ElectronicSequence { get; init; }

    public long? LegalSequence { get; init; }

    public string? AccountIban { get; init; }

    public required string AccountKey { get; init; }

    public required string MessageType { get; init; }

    /// <summary>The file it came from: name, where it was archived, SHA-256 (hex) of its bytes.</summary>
    public required string FileName { get; init; }

    public string? ArchivePath { get; init; }

    public required string FileSha256 { get; init; }

    public required IReadOnlyList<KlaerfallSuggestion> Suggestions { get; init; }

    public required IReadOnlyList<KlaerfallProposal> Proposals { get; init; }

    /// <summary>The notes (audit entries of action <c>note</c>), oldest first.</summary>
    public required IReadOnlyList<KlaerfallAuditEntry> Notes { get; init; }

    public required IReadOnlyList<KlaerfallAuditEntry> Audit { get; init; }

    public KlaerfallProposal? PendingProposal => Proposals.FirstOrDefault(p => p.Status == "pending");
}
