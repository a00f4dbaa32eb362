namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>
/// Who acts on a Klärfall, with the roles the host resolved for them (dashboard login or a
/// configured user on the command line). The store checks the roles itself, not only the UI.
/// </summary>
/// <param name="Channel"><c>dashboard</c> or <c>cli</c>, recorded in the audit trail.</param>
public sealed record KlaerfallActor(string Name, IReadOnlyCollection<string> Roles, string Channel = "dashboard")
{
    /// <summary>Role names as configured (PaymentRecon:Service:Users[].Roles).</summary>
    public const string ClerkRole = "clerk";

    public const string ApproverRole = "approver";

    public bool IsClerk => Roles.Contains(ClerkRole, StringComparer.Ordinal);

    public bool IsApprover => Roles.Contains(ApproverRole, StringComparer.Ordinal);
}
