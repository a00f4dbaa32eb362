using Hangfire.Dashboard;

namespace PaymentRecon.Host.Service.Dashboard;

/// <summary>
/// A state-changing dashboard command: POST only (Hangfire's middleware has already checked login
/// and the antiforgery token), only for the named roles, then back to the page with a notice.
/// Role rather than Hangfire's read-only flag, so clerks and approvers can get commands of their own.
/// </summary>
internal sealed class ReconCommandDispatcher : IDashboardDispatcher
{
    private readonly IReadOnlyList<string> _roles;
    private readonly string _returnPath;
    private readonly Func<DashboardContext, HttpContext, Task<string>> _action;

    public ReconCommandDispatcher(string role, string returnPath, Func<DashboardContext, HttpContext, Task<string>> action)
        : this([role], returnPath, action)
    {
    }

    /// <summary>A command any of <paramref name="roles"/> may send.</summary>
    public ReconCommandDispatcher(IReadOnlyList<string> roles, string returnPath, Func<DashboardContext, HttpContext, Task<string>> action)
    {
        _roles = roles;
        _returnPath = returnPath;
        _action = action;
    }

    public async Task Dispatch(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (!_roles.Any(http.User.IsInRole))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        var notice = await _action(context, http).ConfigureAwait(false);
        // A return path of a page with an id (e.g. "/klaerfaelle/{id}") takes the id from the command's route.
        var returnPath = _returnPath.Replace("{id}", context.UriMatch.Groups["id"].Value, StringComparison.Ordinal);
        http.Response.StatusCode = StatusCodes.Status303SeeOther;
        http.Response.Headers.Location = http.Request.PathBase + returnPath + "?meldung=" + Uri.EscapeDataString(notice);
    }

    /// <summary>The user recorded with an action.</summary>
    public static string UserName(HttpContext http) => http.User.Identity?.Name ?? "unbekannt";
}
