using PaymentRecon.Data.Files;
using PaymentRecon.Data.Providers;
using PaymentRecon.Data.Sepa;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Inbox;
using PaymentRecon.Providers;

namespace PaymentRecon.Host.Runs;

/// <summary>
/// The nightly step that takes provider settlement reports (<c>inbox/providers/PROFILE/*</c>) and
/// own SEPA files (<c>inbox/sepa/*</c>: pain.008 submissions, pain.002 status reports) into the
/// database, each file whole or quarantined. Linking and booking them is a later step.
/// </summary>
internal sealed partial class ProvidersAndSepaStep
{
    private readonly Npgsql.NpgsqlDataSource _dataSource;
    private readonly PaymentReconOptions _options;
    private readonly ILogger _logger;

    public ProvidersAndSepaStep(Npgsql.NpgsqlDataSource dataSource, PaymentReconOptions options, ILogger logger)
    {
        _dataSource = dataSource;
        _options = options;
        _logger = logger;
    }

    /// <summary>Imports what is there; returns the number of files quarantined (for exit code 2).</summary>
    public async Task<int> ExecuteAsync(long runId, RunRequest request, CancellationToken cancellationToken)
    {
        var folders = request.Folders;
        var processor = new InboxFileProcessor(_dataSource, _logger);
        var outcomes = new List<InboxFileOutcome>();
        var profiles = _options.Providers.EffectiveProfiles;
        foreach (var folder in Directory.EnumerateDirectories(folders.Providers).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            var files = Files(folder);
            if (files.Count == 0)
            {
                continue;
            }

            Func<InboxFile, Npgsql.NpgsqlConnection, Npgsql.NpgsqlTransaction, CancellationToken, Task<string>> import = profiles.TryGetValue(name, out var profile)
                ? new ProviderReportImporter(profile).ImportAsync
                : (_, _, _, _) => throw new ImportFileRejectedException(new ImportProblem("file", name,
                    $"Für den Ordner providers/{name}/ ist kein Profil konfiguriert (bekannt: {string.Join(", ", profiles.Keys.Order(StringComparer.Ordinal))}). " +
                    "Profil unter PaymentRecon:Providers:Profiles anlegen oder die Datei in den Ordner ihres Profils legen."));
            outcomes.AddRange(await processor.ProcessAsync(
                "provider", files, runId, request.BusinessDate, folders.Archive, folders.Quarantine, import, cancellationToken).ConfigureAwait(false));
        }

        var unsorted = Files(folders.Providers);
        if (unsorted.Count > 0)
        {
            outcomes.AddRange(await processor.ProcessAsync("provider", unsorted, runId, request.BusinessDate, folders.Archive, folders.Quarantine,
                (_, _, _, _) => throw new ImportFileRejectedException(new ImportProblem("file", null,
                    $"Berichte gehören in den Ordner ihres Profils: providers/<profil>/ (z. B. providers/{ProviderProfile.PayPalName}/).")),
                cancellationToken).ConfigureAwait(false));
        }

        var sepa = Files(folders.Sepa);
        if (sepa.Count > 0)
        {
            outcomes.AddRange(await processor.ProcessAsync(
                "sepa", sepa, runId, request.BusinessDate, folders.Archive, folders.Quarantine,
                new SepaFileImporter(_options.Kassenzeichen).ImportAsync, cancellationToken).ConfigureAwait(false));
        }

        var quarantined = outcomes.Count(o => o.Status == InboxFileStatus.Quarantined);
        LogStepFinished(outcomes.Count, quarantined);
        return quarantined;
    }

    // Files only (error reports of earlier quarantines never sit in the inbox), in name order.
    private static List<string> Files(string folder) =>
        Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal)]
            : [];

    [LoggerMessage(Level = LogLevel.Information, Message = "Providers and SEPA: {FileCount} file(s) processed, {QuarantinedCount} quarantined")]
    private partial void LogStepFinished(int fileCount, int quarantinedCount);
}
