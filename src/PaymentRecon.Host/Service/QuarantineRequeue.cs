using Npgsql;
using PaymentRecon.Data.Files;
using PaymentRecon.Data.Service;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Host.Runs;

namespace PaymentRecon.Host.Service;

/// <summary>
/// Puts a quarantined file back into the inbox once somebody fixed it, so the next run (or a
/// rerun) imports it again; records who did it and when. Asking again for a file that already
/// waits in the inbox changes nothing.
/// </summary>
internal sealed partial class QuarantineRequeue
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly FolderOptions _folders;
    private readonly ILogger<QuarantineRequeue> _logger;

    public QuarantineRequeue(NpgsqlDataSource dataSource, FolderOptions folders, ILogger<QuarantineRequeue> logger)
    {
        _dataSource = dataSource;
        _folders = folders;
        _logger = logger;
    }

    public async Task<RequeueResult> RequeueAsync(string quarantineName, string requestedBy, string channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quarantineName);
        if (quarantineName.Length == 0 || Path.GetFileName(quarantineName) != quarantineName || quarantineName.EndsWith(InboxFileProcessor.ErrorFileSuffix, StringComparison.Ordinal))
        {
            return RequeueResult.Failed($"'{quarantineName}' is not the name of a file in the quarantine.");
        }

        var file = await new QuarantineStore(_dataSource).FindAsync(quarantineName, cancellationToken).ConfigureAwait(false);
        if (file is null)
        {
            return RequeueResult.Failed($"No quarantined file named '{quarantineName}' is on record.");
        }

        var folders = new RunFolders(_folders.Inbox, _folders.Outbox, _folders.Archive, _folders.Quarantine);
        var targetFolder = file.Kind switch
        {
            "statement" => folders.Statements,
            "receivable" => folders.Receivables,
            _ => null,
        };
        if (targetFolder is null)
        {
            return RequeueResult.Failed($"'{quarantineName}' is a {file.Kind} file; those are not read from an inbox folder.");
        }

        var source = Path.Combine(_folders.Quarantine, quarantineName);
        var target = Path.Combine(targetFolder, file.FileName);
        var actions = new OperatorActionStore(_dataSource);
        if (!File.Exists(source))
        {
            if (File.Exists(target))
            {
                return new RequeueResult(true, false, target, file.BusinessDate, $"'{quarantineName}' already waits in the inbox as {target}.");
            }

            return RequeueResult.Failed($"'{quarantineName}' is no longer in the quarantine ({source}).");
        }

        if (File.Exists(target))
        {
            return RequeueResult.Failed($"A file named '{file.FileName}' already waits in {targetFolder}; move it away first.");
        }

        Directory.CreateDirectory(targetFolder);
        File.Move(source, target);
        // The report stays on record in recon.import_file; beside a file that is no longer there it only misleads.
        File.Delete(source + InboxFileProcessor.ErrorFileSuffix);
        await actions.RecordAsync(new OperatorAction
        {
            Action = "requeue", FileName = quarantineName, ImportFileId = file.ImportFileId, BusinessDate = file.BusinessDate,
            RequestedBy = requestedBy, Channel = channel, Outcome = "in den Eingang zurückgelegt",
        }, cancellationToken).ConfigureAwait(false);
        LogRequeued(file.ImportFileId, file.Kind, channel);
        return new RequeueResult(true, true, target, file.BusinessDate, $"'{quarantineName}' moved back to {target}.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Quarantined import file {ImportFileId} ({Kind}) moved back to the inbox ({Channel})")]
    private partial void LogRequeued(long importFileId, string kind, string channel);
}
