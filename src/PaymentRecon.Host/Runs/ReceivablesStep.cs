using Npgsql;
using PaymentRecon.Data.Files;
using PaymentRecon.Data.Receivables;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Inbox;
using PaymentRecon.Receivables;

namespace PaymentRecon.Host.Runs;

/// <summary>
/// The nightly run's first step: imports <c>inbox/receivables/</c>. Files directly in the folder use
/// the profile whose <c>FileNamePattern</c> matches their name, else <c>soll-standard</c>; files in
/// <c>receivables/NAME/</c> use profile NAME. Each file is taken whole or quarantined whole.
/// </summary>
internal sealed partial class ReceivablesStep
{
    public const string Kind = "receivable";

    private readonly NpgsqlDataSource _dataSource;
    private readonly PaymentReconOptions _options;
    private readonly ILogger _logger;

    public ReceivablesStep(NpgsqlDataSource dataSource, PaymentReconOptions options, ILogger logger)
    {
        _dataSource = dataSource;
        _options = options;
        _logger = logger;
    }

    public async Task<IReadOnlyList<InboxFileOutcome>> ExecuteAsync(long runId, RunRequest request, CancellationToken cancellationToken)
    {
        var profiles = _options.Receivables.ResolveProfiles(_options.Kassenzeichen);
        var plan = Plan(request.Folders.Receivables, profiles);
        var byPath = plan.ToDictionary(c => c.Path, StringComparer.Ordinal);
        var processor = new InboxFileProcessor(_dataSource, _logger);
        return await processor.ProcessAsync(
            Kind,
            plan.Select(c => c.Path),
            runId,
            request.BusinessDate,
            request.Folders.Archive,
            request.Folders.Quarantine,
            (file, connection, transaction, token) => byPath[file.Path] switch
            {
                { Profile: { } profile } => ReceivableImporter.ImportAsync(file, profile, connection, transaction, token),
                var rejected => throw new ImportFileRejectedException(new ImportProblem("file", null, rejected.Rejection!)),
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The files to take, in a fixed order (top folder first, then profile folders, by name), each with its profile.</summary>
    internal List<ReceivableFileChoice> Plan(string folder, IReadOnlyDictionary<string, ReceivableProfile> profiles)
    {
        var plan = new List<ReceivableFileChoice>();
        if (!Directory.Exists(folder))
        {
            return plan;
        }

        foreach (var path in CsvFiles(folder))
        {
            var name = Path.GetFileName(path);
            var matching = profiles.Values.Where(p => p.MatchesFileName(name)).Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
            plan.Add(matching.Count switch
            {
                0 => new ReceivableFileChoice(path, profiles[ReceivableProfile.StandardName], null),
                1 => new ReceivableFileChoice(path, profiles[matching[0]], null),
                _ => new ReceivableFileChoice(path, null,
                    $"Der Dateiname passt zu mehreren Profilen ({string.Join(", ", matching)}); die Datei gehört in den Ordner ihres Profils: receivables/<profil>/."),
            });
        }

        foreach (var subfolder in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            var profileName = Path.GetFileName(subfolder);
            var profile = profiles.GetValueOrDefault(profileName);
            foreach (var path in CsvFiles(subfolder))
            {
                plan.Add(profile is not null
                    ? new ReceivableFileChoice(path, profile, null)
                    : new ReceivableFileChoice(path, null,
                        $"Unbekanntes Profil '{profileName}' (Ordner receivables/{profileName}/). Konfigurierte Profile: {string.Join(", ", profiles.Keys.Order(StringComparer.Ordinal))}. " +
                        "Profil unter PaymentRecon:Receivables:Profiles anlegen oder die Datei in den richtigen Ordner legen."));
            }
        }

        return plan;
    }

    private IEnumerable<string> CsvFiles(string folder)
    {
        foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            if (string.Equals(Path.GetExtension(path), ".csv", StringComparison.OrdinalIgnoreCase))
            {
                yield return path;
            }
            else
            {
                LogIgnored(Path.GetFileName(path));
            }
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Ignored {FileName} in the receivables inbox: only *.csv files are read")]
    private partial void LogIgnored(string fileName);
}
