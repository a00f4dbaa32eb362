using System.Globalization;

namespace PaymentRecon.Host.Configuration;

/// <summary>Section <c>PaymentRecon:Service</c>: the long-running service (<c>paymentrecon serve</c>).</summary>
public sealed class ServiceOptions
{
    /// <summary>
    /// Cron of the nightly job (five fields, or six with seconds first), in the cash office's time zone
    /// (<c>PaymentRecon:TimeZone</c>); the business date of a scheduled run is the date of its occurrence there.
    /// </summary>
    public string NightlyCron { get; set; } = "30 4 * * *";

    /// <summary>Name of this server in the dashboard (default: the machine name).</summary>
    public string? ServerName { get; set; }

    public int WorkerCount { get; set; } = 2;

    /// <summary>
    /// How long a run's lease on its business date lasts without renewal; the holder renews it every
    /// third of this. A crashed server's date is free again after at most this long.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A fetched job whose server stopped sending heartbeats is fetched again after this long.</summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Connections Hangfire may hold (its own pool, apart from ours).</summary>
    public int HangfireMaxPoolSize { get; set; } = 10;

    /// <summary>The health check reports the nightly run as late when the latest scheduled run is older than this.</summary>
    public TimeSpan NightlyRunMaxAge { get; set; } = TimeSpan.FromHours(26);

    /// <summary>Where the keys for login cookies and antiforgery tokens live; servers behind one address must share it.</summary>
    public string DataProtectionKeys { get; set; } = ".data/dataprotection-keys";

    /// <summary>Where the development administrator (created when no user is configured) is kept, hashed.</summary>
    public string DevelopmentAdminFile { get; set; } = ".data/dashboard-admin.json";

    /// <summary>Dashboard users with password hashes (<c>paymentrecon users hash-password</c>) and roles.</summary>
    public List<ServiceUserOptions> Users { get; set; } = [];

    /// <summary>Login through a municipal identity provider instead of (or beside) the configured users.</summary>
    public IdentityProviderOptions OpenIdConnect { get; set; } = new();

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(NightlyCron) || NightlyCron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length is not (5 or 6))
        {
            problems.Add($"NightlyCron: '{NightlyCron}' is not a cron expression with five (or six, seconds first) fields.");
        }

        if (WorkerCount is < 1 or > 32)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"WorkerCount: {WorkerCount} is not between 1 and 32."));
        }

        if (LeaseDuration < TimeSpan.FromSeconds(3))
        {
            problems.Add("LeaseDuration: must be at least 3 seconds.");
        }

        if (InvisibilityTimeout < TimeSpan.FromSeconds(5))
        {
            problems.Add("InvisibilityTimeout: must be at least 5 seconds.");
        }

        if (HangfireMaxPoolSize < 5)
        {
            problems.Add("HangfireMaxPoolSize: Hangfire needs at least 5 connections.");
        }

        var roles = new HashSet<string>(ServiceRoles.All, StringComparer.Ordinal);
        foreach (var (user, index) in Users.Select((u, i) => (u, i)))
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"Users[{index}]: ");
            if (string.IsNullOrWhiteSpace(user.Name))
            {
                problems.Add(prefix + "Name is missing.");
            }

            if (string.IsNullOrWhiteSpace(user.PasswordHash))
            {
                problems.Add(prefix + "PasswordHash is missing (create one with `paymentrecon users hash-password`).");
            }

            foreach (var role in user.Roles.Where(r => !roles.Contains(r)))
            {
                problems.Add(prefix + $"role '{role}' is unknown (known: {string.Join(", ", ServiceRoles.All)}).");
            }
        }

        if (Users.GroupBy(u => u.Name, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
        {
            problems.Add("Users: a name appears twice.");
        }

        problems.AddRange(OpenIdConnect.Validate().Select(p => "OpenIdConnect: " + p));
        return problems;
    }
}
