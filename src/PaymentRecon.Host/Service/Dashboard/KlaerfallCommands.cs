using System.Globalization;
using Hangfire.Dashboard;
using PaymentRecon.Data.Klaerfaelle;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Host.Klaerfaelle;

namespace PaymentRecon.Host.Service.Dashboard;

/// <summary>
/// The POST commands of the Klärfall page (<c>/klaerfaelle/{id}/VERB</c>): read the form, hand it
/// to <see cref="KlaerfallActions"/> with the user's name and roles, and return its German message.
/// Login, antiforgery token and the role come before (Hangfire's middleware and
/// <see cref="ReconCommandDispatcher"/>); the store checks roles and four eyes once more.
/// </summary>
internal static class KlaerfallCommands
{
    public const int MaxSplitParts = 10;

    public const string Assign = "zuordnen";
    public const string Split = "aufteilen";
    public const string Refund = "rueckzahlung";
    public const string Keep = "verwahren";
    public const string Reopen = "wieder-aufnehmen";
    public const string Reassign = "abgeben";
    public const string Note = "notiz";
    public const string Approve = "freigeben";
    public const string Reject = "ablehnen";
    public const string Withdraw = "zurueckziehen";

    public static string PathOf(long id, string verb) => KlaerfallDetailPage.Path(id) + "/" + verb;

    /// <summary>Route pattern, verb, roles that may send it, and the handler.</summary>
    public static IEnumerable<(string Route, IReadOnlyList<string> Roles, Func<DashboardContext, HttpContext, Task<string>> Handler)> All()
    {
        yield return (RouteOf(Assign), [ServiceRoles.Clerk], AssignAsync);
        yield return (RouteOf(Split), [ServiceRoles.Clerk], SplitAsync);
        yield return (RouteOf(Refund), [ServiceRoles.Clerk], (c, h) => WithReason(c, h, (a, id, r, n, actor, ct) => a.ProposeRefundAsync(id, r, n, actor, ct)));
        yield return (RouteOf(Keep), [ServiceRoles.Clerk], (c, h) => WithReason(c, h, (a, id, r, n, actor, ct) => a.KeepAsVerwahrgeldAsync(id, r, n, actor, ct)));
        yield return (RouteOf(Reopen), [ServiceRoles.Clerk], (c, h) => WithReason(c, h, (a, id, r, n, actor, ct) => a.ReopenAsync(id, r, n, actor, ct)));
        yield return (RouteOf(Reassign), [ServiceRoles.Clerk], ReassignAsync);
        // Whoever decides on a Klärfall may record why: approvers too, not only clerks.
        yield return (RouteOf(Note), [ServiceRoles.Clerk, ServiceRoles.Approver], (c, h) => WithReason(c, h, (a, id, r, n, actor, ct) => a.AddNoteAsync(id, n ?? "", r, actor, ct)));
        yield return (RouteOf(Approve), [ServiceRoles.Approver], (c, h) => OnProposal(c, h, (a, p, r, n, actor, ct) => a.ApproveAsync(p, r, n, actor, ct)));
        yield return (RouteOf(Reject), [ServiceRoles.Approver], (c, h) => OnProposal(c, h, (a, p, r, n, actor, ct) => a.RejectAsync(p, r ?? "", n, actor, ct)));
        yield return (RouteOf(Withdraw), [ServiceRoles.Clerk], (c, h) => OnProposal(c, h, (a, p, r, n, actor, ct) => a.WithdrawAsync(p, r ?? "", n, actor, ct)));
    }

    private static string RouteOf(string verb) => KlaerfallDetailPage.Route + "/" + verb;

    private static async Task<string> AssignAsync(DashboardContext context, HttpContext http)
    {
        var kassenzeichen = await FieldAsync(context, "kassenzeichen").ConfigureAwait(false);
        var amountText = await FieldAsync(context, "betrag").ConfigureAwait(false);
        decimal? amount = null;
        if (!string.IsNullOrWhiteSpace(amountText))
        {
            amount = KlaerfallListQuery.ParseAmount(amountText) ?? -1m;
            if (amount <= 0)
            {
                return $"Nicht vorgeschlagen: „{amountText}“ ist kein Betrag über 0 (z. B. 90,00).";
            }
        }

        if (string.IsNullOrWhiteSpace(kassenzeichen))
        {
            return "Nicht vorgeschlagen: das Kassenzeichen fehlt.";
        }

        return await ProposeAsync(context, http, [new ProposalTarget(kassenzeichen.Trim(), amount)]).ConfigureAwait(false);
    }

    private static async Task<string> SplitAsync(DashboardContext context, HttpContext http)
    {
        var kassenzeichen = await context.Request.GetFormValuesAsync("teil-kz").ConfigureAwait(false);
        var amounts = await context.Request.GetFormValuesAsync("teil-betrag").ConfigureAwait(false);
        var targets = new List<ProposalTarget>();
        for (var i = 0; i < Math.Max(kassenzeichen.Count, amounts.Count); i++)
        {
            var kz = i < kassenzeichen.Count ? kassenzeichen[i]?.Trim() ?? "" : "";
            var text = i < amounts.Count ? amounts[i]?.Trim() ?? "" : "";
            if (kz.Length == 0 && text.Length == 0)
            {
                continue;
            }

            var line = (i + 1).ToString(CultureInfo.InvariantCulture);
            if (kz.Length == 0)
            {
                return $"Nicht vorgeschlagen: in Zeile {line} fehlt das Kassenzeichen.";
            }

            if (KlaerfallListQuery.ParseAmount(text) is not { } amount || amount <= 0)
            {
                return $"Nicht vorgeschlagen: in Zeile {line} ist „{text}“ kein Betrag über 0.";
            }

            targets.Add(new ProposalTarget(kz, amount));
        }

        if (targets.Count < 2)
        {
            return "Nicht vorgeschlagen: eine Aufteilung braucht mindestens zwei Kassenzeichen mit Betrag (für eines: „Einem Soll zuordnen“).";
        }

        if (targets.Count > MaxSplitParts)
        {
            return $"Nicht vorgeschlagen: höchstens {MaxSplitParts} Teile.";
        }

        return await ProposeAsync(context, http, targets).ConfigureAwait(false);
    }

    private static async Task<string> ProposeAsync(DashboardContext context, HttpContext http, IReadOnlyList<ProposalTarget> targets)
    {
        var (reason, note) = await ReasonAsync(context).ConfigureAwait(false);
        var result = await Actions(http).ProposeAssignmentAsync(Id(context), targets, reason, note, KlaerfallActors.FromPrincipal(http.User), http.RequestAborted).ConfigureAwait(false);
        return result.Message;
    }

    private static async Task<string> ReassignAsync(DashboardContext context, HttpContext http)
    {
        var assignee = (await FieldAsync(context, "bearbeiter").ConfigureAwait(false)).Trim();
        var users = http.RequestServices.GetRequiredService<PaymentReconOptions>().Service.Users;
        // With configured users only one of them can take it over; with an identity provider the name is taken as typed.
        var known = users.FirstOrDefault(u => string.Equals(u.Name, assignee, StringComparison.OrdinalIgnoreCase));
        if (users.Count > 0 && (known is null || !known.Roles.Contains(ServiceRoles.Clerk, StringComparer.Ordinal)))
        {
            return $"Nicht abgegeben: „{assignee}“ ist keine konfigurierte Sachbearbeitung.";
        }

        var (reason, note) = await ReasonAsync(context).ConfigureAwait(false);
        var result = await Actions(http).ReassignAsync(Id(context), known?.Name ?? assignee, reason, note, KlaerfallActors.FromPrincipal(http.User), http.RequestAborted).ConfigureAwait(false);
        return result.Message;
    }

    private static async Task<string> WithReason(DashboardContext context, HttpContext http,
        Func<KlaerfallActions, long, string, string?, KlaerfallActor, CancellationToken, Task<KlaerfallActionResult>> action)
    {
        var (reason, note) = await ReasonAsync(context).ConfigureAwait(false);
        var result = await action(Actions(http), Id(context), reason, note, KlaerfallActors.FromPrincipal(http.User), http.RequestAborted).ConfigureAwait(false);
        return result.Message;
    }

    /// <summary>Approve, reject, withdraw: the proposal named in the form, which must belong to the Klärfall of the route.</summary>
    private static async Task<string> OnProposal(DashboardContext context, HttpContext http,
        Func<KlaerfallActions, long, string?, string?, KlaerfallActor, CancellationToken, Task<KlaerfallActionResult>> action)
    {
        var text = await FieldAsync(context, "vorschlag").ConfigureAwait(false);
        var proposal = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var proposalId)
            ? await http.RequestServices.GetRequiredService<KlaerfallQueries>().ProposalAsync(proposalId, http.RequestAborted).ConfigureAwait(false)
            : null;
        if (proposal is null || proposal.KlaerfallId != Id(context))
        {
            return "Diesen Vorschlag gibt es zu diesem Klärfall nicht.";
        }

        var (reason, note) = await ReasonAsync(context).ConfigureAwait(false);
        var result = await action(Actions(http), proposalId, reason, note, KlaerfallActors.FromPrincipal(http.User), http.RequestAborted).ConfigureAwait(false);
        return result.Message;
    }

    private static async Task<(string Reason, string? Note)> ReasonAsync(DashboardContext context)
    {
        var reason = (await FieldAsync(context, "begruendung").ConfigureAwait(false)).Trim();
        var note = (await FieldAsync(context, "notiz").ConfigureAwait(false)).Trim();
        return (reason, note.Length == 0 ? null : note);
    }

    private static async Task<string> FieldAsync(DashboardContext context, string name) =>
        (await context.Request.GetFormValuesAsync(name).ConfigureAwait(false)).FirstOrDefault() ?? "";

    private static long Id(DashboardContext context) => long.Parse(context.UriMatch.Groups["id"].Value, CultureInfo.InvariantCulture);

    private static KlaerfallActions Actions(HttpContext http) => http.RequestServices.GetRequiredService<KlaerfallActions>();
}
