using System.Security.Claims;
using PaymentRecon.Data.Klaerfaelle;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Klaerfaelle;

/// <summary>Who acts on a Klärfall: the dashboard's logged-in user, or a configured user named on the command line.</summary>
public static class KlaerfallActors
{
    /// <summary>The logged-in dashboard user with the roles of their login (configured users or the identity provider).</summary>
    public static KlaerfallActor FromPrincipal(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var name = user.Identity?.Name;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidOperationException("The dashboard user has no name; Klärfall actions need an authenticated user.");
        }

        return new KlaerfallActor(name, [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value).Distinct(StringComparer.Ordinal)], "dashboard");
    }

    /// <summary>A user from <c>PaymentRecon:Service:Users</c> with their configured roles; null when no such user is configured.</summary>
    public static KlaerfallActor? FromConfiguration(PaymentReconOptions options, string? name, string channel = "cli")
    {
        ArgumentNullException.ThrowIfNull(options);
        var user = options.Service.Users.FirstOrDefault(u => string.Equals(u.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        return user is null ? null : new KlaerfallActor(user.Name, [.. user.Roles], channel);
    }

    /// <summary>True when <paramref name="name"/> is a configured user (a colleague a Klärfall may be handed to).</summary>
    public static bool IsConfiguredUser(PaymentReconOptions options, string name) =>
        options?.Service.Users.Any(u => string.Equals(u.Name, name.Trim(), StringComparison.OrdinalIgnoreCase)) ?? false;
}
