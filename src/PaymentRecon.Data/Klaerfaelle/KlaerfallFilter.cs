namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>Filters, sort order and page of the worklist. Every filter is optional; all given ones must hold.</summary>
public sealed record KlaerfallFilter
{
    /// <summary><c>offen</c> (the worklist), <c>zugeordnet</c>, <c>erstattung</c>, <c>verwahrt</c>.</summary>
    public string Status { get; init; } = "offen";

    /// <summary>Booking date of the payment, inclusive.</summary>
    public DateOnly? BookedFrom { get; init; }

    public DateOnly? BookedTo { get; init; }

    /// <summary>Amount held as Verwahrgeld, inclusive.</summary>
    public decimal? AmountFrom { get; init; }

    public decimal? AmountTo { get; init; }

    /// <summary>Our account's IBAN (electronic form; spaces are ignored).</summary>
    public string? AccountIban { get; init; }

    /// <summary>The rule that sent the payment to the Klärfälle (e.g. <c>KZ-PRUEFZIFFER</c>).</summary>
    public string? Rule { get; init; }

    /// <summary>Days since the Klärfall was opened, inclusive.</summary>
    public int? MinAgeDays { get; init; }

    public int? MaxAgeDays { get; init; }

    /// <summary>Assigned clerk; <see cref="Unassigned"/> for those nobody holds.</summary>
    public string? AssignedTo { get; init; }

    /// <summary>Case-insensitive part of the payer's name, IBAN or remittance text.</summary>
    public string? Text { get; init; }

    /// <summary>True: only Klärfälle with a proposal waiting for approval; false: only without.</summary>
    public bool? PendingApproval { get; init; }

    public KlaerfallSort Sort { get; init; } = KlaerfallSort.Date;

    public bool Descending { get; init; }

    /// <summary>1-based.</summary>
    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 50;

    /// <summary>The day ages are counted to (default: today on this machine).</summary>
    public DateOnly? Today { get; init; }

    public const string Unassigned = "-";
}
