using PaymentRecon.Receivables;

namespace PaymentRecon.Host.Configuration;

/// <summary>
/// <c>PaymentRecon:Receivables</c>: the profiles receivables files are read with, and named
/// Kassenzeichen formats profiles refer to. <c>soll-standard</c> and <c>soll-iso</c> exist without
/// configuration; a configured profile of the same name replaces the built-in one whole.
/// </summary>
public sealed class ReceivablesOptions
{
    public Dictionary<string, ReceivableProfile> Profiles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, KassenzeichenFormat> KassenzeichenFormats { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Every usable profile by name (built-in and configured), each with its Kassenzeichen format
    /// resolved into <see cref="ReceivableProfile.Kassenzeichen"/>: inline, else the named format,
    /// else <paramref name="defaultFormat"/> (<c>PaymentRecon:Kassenzeichen</c>).
    /// </summary>
    public IReadOnlyDictionary<string, ReceivableProfile> ResolveProfiles(KassenzeichenFormat defaultFormat)
    {
        var profiles = new Dictionary<string, ReceivableProfile>(StringComparer.OrdinalIgnoreCase);
        foreach (var builtIn in ReceivableProfile.BuiltIn)
        {
            profiles[builtIn.Name] = builtIn;
        }

        foreach (var (name, profile) in Profiles)
        {
            profiles[name] = profile with { Name = name };
        }

        return profiles.ToDictionary(
            p => p.Key,
            p => p.Value with
            {
                Kassenzeichen = p.Value.Kassenzeichen
                    ?? (p.Value.KassenzeichenFormat is { } formatName && KassenzeichenFormats.TryGetValue(formatName, out var named) ? named : defaultFormat),
            },
            StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var (name, format) in KassenzeichenFormats)
        {
            problems.AddRange(format.Validate().Select(p => $"KassenzeichenFormats:{name}: {p}"));
        }

        foreach (var (name, profile) in Profiles)
        {
            problems.AddRange((profile with { Name = name }).Validate().Select(p => $"Profiles:{name}: {p}"));
            if (profile.KassenzeichenFormat is { } formatName)
            {
                if (profile.Kassenzeichen is not null)
                {
                    problems.Add($"Profiles:{name}: set either KassenzeichenFormat (a name) or Kassenzeichen (a format), not both.");
                }
                else if (!KassenzeichenFormats.ContainsKey(formatName))
                {
                    problems.Add($"Profiles:{name}: KassenzeichenFormat '{formatName}' is not defined under Receivables:KassenzeichenFormats.");
                }
            }
        }

        var patterns = Profiles.Where(p => !string.IsNullOrWhiteSpace(p.Value.FileNamePattern))
            .GroupBy(p => p.Value.FileNamePattern!.Trim(), StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1);
        foreach (var group in patterns)
        {
            problems.Add($"Profiles: {string.Join(" and ", group.Select(p => p.Key))} have the same FileNamePattern '{group.Key}'.");
        }

        return problems;
    }
}
