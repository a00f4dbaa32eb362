namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>The outcome of an action, with a German message for the user.</summary>
/// <param name="ProposalId">The proposal created or decided, if the action concerned one.</param>
public sealed record KlaerfallActionResult(KlaerfallActionStatus Status, string Message, long? ProposalId = null)
{
    public bool Succeeded => Status is KlaerfallActionStatus.Done or KlaerfallActionStatus.Proposed;

    internal static KlaerfallActionResult Forbidden(string message) => new(KlaerfallActionStatus.Forbidden, message);

    internal static KlaerfallActionResult Invalid(string message) => new(KlaerfallActionStatus.Invalid, message);

    internal static KlaerfallActionResult Conflict(string message, long? proposalId = null) => new(KlaerfallActionStatus.Conflict, message, proposalId);

    internal static KlaerfallActionResult NotFound(string message) => new(KlaerfallActionStatus.NotFound, message);
}
