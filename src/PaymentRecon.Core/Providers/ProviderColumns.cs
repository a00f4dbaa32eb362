namespace PaymentRecon.Providers;

/// <summary>
/// Header names of a provider report. A name may list alternatives separated by <c>|</c>
/// (<c>Invoice Number|Invoice ID</c>); the first one present in the file is used, case ignored.
/// An optional column left empty (or absent from the file) is not read.
/// </summary>
public sealed record ProviderColumns
{
    /// <summary>Required: the provider's unique id of the row; the idempotency key per profile.</summary>
    public string TransactionId { get; init; } = "TransaktionsId";

    /// <summary>Kassenzeichen or order reference as the online service passed it on.</summary>
    public string Reference { get; init; } = "Referenz";

    /// <summary>Optional: used when <see cref="Reference"/> is empty in a row (PayPal "Custom Number").</summary>
    public string? AlternativeReference { get; init; }

    /// <summary>Required: what the payer paid.</summary>
    public string Gross { get; init; } = "Brutto";

    /// <summary>Optional: the provider's fee; absent means 0 (a provider that pays gross).</summary>
    public string? Fee { get; init; } = "Gebuehr";

    /// <summary>Optional: gross − fee; absent means it is computed, present means it is checked.</summary>
    public string? Net { get; init; } = "Netto";

    /// <summary>Optional: ISO 4217 code; absent means <see cref="ProviderProfile.DefaultCurrency"/>.</summary>
    public string? Currency { get; init; } = "Waehrung";

    /// <summary>Required: the payment date.</summary>
    public string PaymentDate { get; init; } = "Datum";

    /// <summary>Optional: the time of day, when the date column holds only the date (PayPal "Time").</summary>
    public string? PaymentTime { get; init; }

    /// <summary>Optional: the id of the payout that pays this row to the bank.</summary>
    public string? PayoutId { get; init; } = "AuszahlungsId";

    /// <summary>Optional: the row status; rows not in <see cref="ProviderProfile.AcceptedStatuses"/> are skipped.</summary>
    public string? Status { get; init; } = "Status";

    /// <summary>Optional: the row type; decides payout rows and ignored rows.</summary>
    public string? Type { get; init; }

    /// <summary>Required with <see cref="SignHandling.SignColumn"/>: credit or debit.</summary>
    public string? Sign { get; init; }

    public IEnumerable<(string Field, string? Header, bool Required)> All(SignHandling signHandling) =>
    [
        (nameof(TransactionId), TransactionId, true),
        (nameof(Reference), Reference, true),
        (nameof(AlternativeReference), AlternativeReference, false),
        (nameof(Gross), Gross, true),
        (nameof(Fee), Fee, false),
        (nameof(Net), Net, false),
        (nameof(Currency), Currency, false),
        (nameof(PaymentDate), PaymentDate, true),
        (nameof(PaymentTime), PaymentTime, false),
        (nameof(PayoutId), PayoutId, false),
        (nameof(Status), Status, false),
        (nameof(Type), Type, false),
        (nameof(Sign), Sign, signHandling == SignHandling.SignColumn),
    ];
}
