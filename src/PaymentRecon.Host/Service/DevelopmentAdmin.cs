using System.Security.Cryptography;
using System.Text.Json;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Service;

/// <summary>
/// The default development set-up: when no user and no identity provider is configured and the
/// service listens on loopback only, one local administrator with a random password. The password
/// is printed once, when it is created; only its hash is kept (in <see cref="ServiceOptions.DevelopmentAdminFile"/>).
/// </summary>
internal static class DevelopmentAdmin
{
    public const string Name = "admin";

    /// <summary>The administrator, created on first use; <paramref name="newPassword"/> is set only then.</summary>
    public static ServiceUserOptions LoadOrCreate(string file, out string? newPassword)
    {
        newPassword = null;
        if (File.Exists(file))
        {
            var stored = JsonSerializer.Deserialize<ServiceUserOptions>(File.ReadAllText(file));
            if (stored is { PasswordHash.Length: > 0 })
            {
                stored.Roles = [.. ServiceRoles.All];
                return stored;
            }
        }

        newPassword = Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');
        var user = new ServiceUserOptions { Name = Name, PasswordHash = UserDirectory.HashPassword(newPassword), Roles = [.. ServiceRoles.All] };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        File.WriteAllText(file, JsonSerializer.Serialize(new { user.Name, user.PasswordHash }));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return user;
    }
}
