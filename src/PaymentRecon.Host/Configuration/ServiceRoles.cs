namespace PaymentRecon.Host.Configuration;

/// <summary>The dashboard roles. What each may do is listed in the README.</summary>
public static class ServiceRoles
{
    /// <summary>Reads every page; triggers nothing.</summary>
    public const string Viewer = "viewer";

    /// <summary>Works on Klärfälle (issue 7).</summary>
    public const string Clerk = "clerk";

    /// <summary>Approves what clerks propose (issue 7).</summary>
    public const string Approver = "approver";

    /// <summary>Reruns, re-imports and Hangfire's own actions (trigger, requeue, delete).</summary>
    public const string Operator = "operator";

    public static IReadOnlyList<string> All { get; } = [Viewer, Clerk, Approver, Operator];
}
