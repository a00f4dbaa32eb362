using PaymentRecon.Camt;

namespace PaymentRecon.Booking;

/// <summary>
/// The run report (<c>BERICHT_JJJJMMTT_NNNN.json</c> and <c>.html</c>): files taken and rejected,
/// per statement the balance check and the control sum, entries by outcome, open collective
/// entries, sequence alerts, Klärfälle. Filled by the nightly run; written by <see cref="RunReportWriter"/>.
/// </summary>
public sealed record RunReport
{
    public required string RunId { get; init; }

    /// <summary>The business date of the run (the cash office's day).</summary>
    public required DateOnly BusinessDate { get; init; }

    /// <summary>When the run started, as the caller's clock says (the report itself reads no clock).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The booking file written by this run, null when there was nothing to export.</summary>
    public string? BookingFile { get; init; }

    public IReadOnlyList<ReportFile> Files { get; init; } = [];

    public IReadOnlyList<ReportStatement> Statements { get; init; } = [];

    /// <summary>Entries by outcome and rule, with count and sum.</summary>
    public IReadOnlyList<ReportOutcome> Outcomes { get; init; } = [];

    /// <summary>Entries that are not receipts (outgoing payments, fees), listed one by one.</summary>
    public IReadOnlyList<ReportEntry> OutOfScope { get; init; } = [];

    /// <summary>Collective entries whose camt.054 details have not arrived yet (their total sits in VWG).</summary>
    public IReadOnlyList<ReportEntry> PendingBatches { get; init; } = [];

    /// <summary>Provider payouts whose settlement report has not arrived (their amount sits in VWG, rule PROVIDER-OFFEN).</summary>
    public IReadOnlyList<ReportEntry> PendingPayouts { get; init; } = [];

    /// <summary>Provider reports whose payout has not reached the bank within the configured days.</summary>
    public IReadOnlyList<ReportMissingPayout> MissingPayouts { get; init; } = [];

    /// <summary>Returns of own direct debits in this run: Soll reopened, reminder or collect again.</summary>
    public IReadOnlyList<ReportDirectDebitReturn> DirectDebitReturns { get; init; } = [];

    /// <summary>Own direct debits rejected by a pain.002 taken in this run: nothing booked, Soll open.</summary>
    public IReadOnlyList<ReportRejectedDirectDebit> RejectedDirectDebits { get; init; } = [];

    /// <summary>Gaps in ElctrncSeqNb/LglSeqNb or an opening balance that differs from the last closing one.</summary>
    public IReadOnlyList<string> SequenceAlerts { get; init; } = [];

    public ReportKlaerfaelle Klaerfaelle { get; init; } = new(0, 0m, 0, 0m, 0, 0m);

    /// <summary>Klärfälle approved for refund since the last report: the HKR needs an Auszahlungsanordnung for each.</summary>
    public IReadOnlyList<ReportEntry> Refunds { get; init; } = [];

    public IReadOnlyList<ControlSumViolation> ControlSumViolations { get; init; } = [];

    /// <summary>True when no statement's control sum fails and no entry violates it.</summary>
    public bool ControlSumHolds => ControlSumViolations.Count == 0 && Statements.All(s => s.ControlSum?.Holds ?? true);

    /// <summary>True when a balance check failed somewhere (a one-cent difference blocks posting).</summary>
    public bool HasBalanceMismatch => Statements.Any(s => s.Balance?.Outcome == BalanceCheckOutcome.Mismatch);
}
