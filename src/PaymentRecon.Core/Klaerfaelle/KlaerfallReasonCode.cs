namespace PaymentRecon.Klaerfaelle;

/// <summary>A reason code: fixed, documented, German label for finance staff and auditors.</summary>
/// <param name="Actions">The actions the code is offered for (every code is accepted for every action).</param>
public sealed record KlaerfallReasonCode(string Code, string Label, IReadOnlyList<KlaerfallAction> Actions);
