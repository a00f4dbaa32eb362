using PaymentRecon.Providers;

namespace PaymentRecon.Host.Configuration;

/// <summary>
/// <c>PaymentRecon:Providers</c>: the settlement-report profiles by name. <c>paypal</c> and
/// <c>generic</c> are built in; a configured profile of the same name replaces the built-in one.
/// </summary>
public sealed class ProviderOptions
{
    /// <summary>Profiles by name; the key is the folder <c>inbox/providers/KEY/</c>.</summary>
    public Dictionary<string, ProviderProfile> Profiles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A report whose payout has not reached the bank this many days after its last payment (or the
    /// announced payout date) is listed in the run report as "Auszahlung nicht eingegangen".
    /// </summary>
    public int PayoutMissingAfterDays { get; set; } = 5;

    /// <summary>Built-in profiles overlaid with the configured ones, each named by its key.</summary>
    public IReadOnlyDictionary<string, ProviderProfile> EffectiveProfiles
    {
        get
        {
            var profiles = ProviderProfile.BuiltIn.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
            foreach (var (name, profile) in Profiles)
            {
                profiles[name] = profile with { Name = name };
            }

            return profiles;
        }
    }

    public IReadOnlyList<string> Validate() =>
        [.. EffectiveProfiles.SelectMany(p => p.Value.Validate().Select(problem => $"Profiles:{p.Key}: {problem}")),
            .. PayoutMissingAfterDays is < 0 or > 366 ? ["PayoutMissingAfterDays must be between 0 and 366."] : Array.Empty<string>()];
}
