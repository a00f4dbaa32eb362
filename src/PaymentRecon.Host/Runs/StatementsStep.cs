using Npgsql;
using PaymentRecon.Camt;
using PaymentRecon.Data.Files;
using PaymentRecon.Data.Statements;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Inbox;

namespace PaymentRecon.Host.Runs;

/// <summary>
/// Imports <c>inbox/statements/</c>: camt.052/053/054 XML files and ZIPs of them, each file whole
/// or quarantined whole, in content order (account, day, sequence), not file-name order.
/// </summary>
internal sealed class StatementsStep
{
    public const string Kind = "statement";

    private readonly NpgsqlDataSource _dataSource;
    private readonly PaymentReconOptions _options;
    private readonly ILogger _logger;

    public StatementsStep(NpgsqlDataSource dataSource, PaymentReconOptions options, ILogger logger)
    {
        _dataSource = dataSource;
        _options = options;
        _logger = logger;
    }

    public async Task<IReadOnlyList<InboxFileOutcome>> ExecuteAsync(long runId, RunRequest request, CancellationToken cancellationToken)
    {
        var folder = request.Folders.Statements;
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var files = CamtFileReader.OrderByContent(
            Directory.EnumerateFiles(folder)
                .Where(p => p.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)),
            _options.Camt);
        var importer = new StatementImporter(_logger);
        return await new InboxFileProcessor(_dataSource, _logger).ProcessAsync(
            Kind,
            files,
            runId,
            request.BusinessDate,
            request.Folders.Archive,
            request.Folders.Quarantine,
            async (file, connection, transaction, token) =>
            {
                try
                {
                    return await importer.ImportAllAsync(file, CamtFileReader.Read(file.Path, _options.Camt), connection, transaction, token).ConfigureAwait(false);
                }
                catch (CamtFormatException exception)
                {
                    // The reader found the problem while the importer was streaming: the whole file goes.
                    throw new ImportFileRejectedException(exception.Problem with { Location = $"{exception.SourceName} {exception.Problem.Location}" });
                }
            },
            cancellationToken).ConfigureAwait(false);
    }
}
