using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Service;

/// <summary>
/// The dashboard users from configuration. Passwords are checked against ASP.NET Core Identity's
/// PBKDF2 hashes (format v3: HMAC-SHA512, 100 000 iterations, 128-bit salt, base64), never stored in clear.
/// </summary>
internal sealed class UserDirectory
{
    private static readonly PasswordHasher<ServiceUserOptions> Hasher = new();

    // Checked when the name is unknown, so a wrong name takes as long as a wrong password.
    private static readonly string DummyHash = Hasher.HashPassword(new ServiceUserOptions(), Guid.NewGuid().ToString());

    private readonly IReadOnlyList<ServiceUserOptions> _users;

    public UserDirectory(IReadOnlyList<ServiceUserOptions> users) => _users = users;

    public bool IsEmpty => _users.Count == 0;

    public static string HashPassword(string password) => Hasher.HashPassword(new ServiceUserOptions(), password);

    /// <summary>The user's identity with name and roles, or null when name or password is wrong.</summary>
    public ClaimsIdentity? Authenticate(string? name, string? password, string authenticationType)
    {
        var user = _users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));
        var result = Hasher.VerifyHashedPassword(user ?? new ServiceUserOptions(), user?.PasswordHash ?? DummyHash, password ?? "");
        if (user is null || result == PasswordVerificationResult.Failed)
        {
            return null;
        }

        var identity = new ClaimsIdentity(authenticationType, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, user.Name));
        foreach (var role in user.Roles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        return identity;
    }
}
