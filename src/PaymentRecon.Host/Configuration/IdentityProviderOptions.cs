namespace PaymentRecon.Host.Configuration;

/// <summary>OpenID Connect login through the municipal identity provider; off while <see cref="Authority"/> is empty.</summary>
public sealed class IdentityProviderOptions
{
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The claim that carries the roles (<c>viewer</c>, <c>clerk</c>, <c>approver</c>, <c>operator</c>).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim shown as the user's name (and recorded with operator actions).</summary>
    public string NameClaim { get; set; } = "preferred_username";

    public List<string> Scopes { get; set; } = ["openid", "profile"];

    /// <summary>Only for a test identity provider without TLS; never in production.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    public IReadOnlyList<string> Validate()
    {
        if (!Enabled)
        {
            return [];
        }

        var problems = new List<string>();
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out _))
        {
            problems.Add($"Authority '{Authority}' is not an absolute URL.");
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            problems.Add("ClientId is missing.");
        }

        return problems;
    }
}
