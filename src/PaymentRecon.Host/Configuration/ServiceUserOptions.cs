namespace PaymentRecon.Host.Configuration;

/// <summary>A dashboard user from configuration; the password only ever as a hash.</summary>
public sealed class ServiceUserOptions
{
    public string Name { get; set; } = "";

    /// <summary>ASP.NET Core Identity format v3 (PBKDF2), as printed by <c>paymentrecon users hash-password</c>.</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>Any of <c>viewer</c>, <c>clerk</c>, <c>approver</c>, <c>operator</c>.</summary>
    public List<string> Roles { get; set; } = [];
}
