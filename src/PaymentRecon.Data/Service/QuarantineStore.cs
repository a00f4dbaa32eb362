using Dapper;
using Npgsql;

namespace PaymentRecon.Data.Service;

/// <summary>Read side of the quarantined rows of <c>recon.import_file</c>, for re-imports.</summary>
public sealed class QuarantineStore
{
    private const string Select =
        """
        SELECT f.id AS ImportFileId, f.kind AS Kind, f.file_name AS FileName, f.archive_path AS QuarantinePath,
               f.received_at AS ReceivedAt, f.problems AS Problems, r.business_date AS BusinessDate,
               (SELECT max(a.requested_at) FROM recon.operator_action a WHERE a.import_file_id = f.id AND a.action = 'requeue') AS RequeuedAt
          FROM recon.import_file f LEFT JOIN recon.run r ON r.id = f.run_id
         WHERE f.status = 'quarantined' AND f.archive_path IS NOT NULL
        """;

    private readonly NpgsqlDataSource _dataSource;

    public QuarantineStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Every quarantined file, newest first; synchronous for Hangfire's page rendering.</summary>
    public IReadOnlyList<QuarantinedFile> All(int limit)
    {
        using var connection = _dataSource.OpenConnection();
        return connection.Query<QuarantinedFile>(Select + " ORDER BY f.id DESC LIMIT @limit", new { limit }).AsList();
    }

    /// <summary>The latest quarantine record of the file that lies in the quarantine under <paramref name="quarantineName"/>.</summary>
    public async Task<QuarantinedFile?> FindAsync(string quarantineName, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var candidates = await connection.QueryAsync<QuarantinedFile>(new CommandDefinition(
            Select + " AND (f.archive_path = @quarantineName OR f.archive_path LIKE '%/' || @quarantineName) ORDER BY f.id DESC",
            new { quarantineName }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return candidates.FirstOrDefault(c => string.Equals(Path.GetFileName(c.QuarantinePath), quarantineName, StringComparison.Ordinal));
    }
}
