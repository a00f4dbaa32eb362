using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace PaymentRecon.Data;

/// <summary>
/// Applies the numbered, append-only <c>Migrations/NNNN_name.sql</c> files embedded in this
/// assembly, in order, one transaction each, and records them in <c>recon.schema_version</c>.
/// </summary>
/// <remarks>
/// A session-level advisory lock serialises concurrent callers (two servers starting at once):
/// the second waits, then finds nothing left to do. A recorded migration whose text has changed
/// stops the run: migrations are history and are never edited; a fix is a new file.
/// </remarks>
public sealed class MigrationRunner
{
    // Any fixed 64-bit key; it only has to be the same for every PaymentRecon process.
    private const long AdvisoryLockKey = 0x5061_7952_6563_6F6E; // "PayRecon"
    private const string ResourcePrefix = "PaymentRecon.Data.Migrations.";

    private readonly NpgsqlDataSource _dataSource;

    public MigrationRunner(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>The migrations shipped with this build, in order.</summary>
    public static IReadOnlyList<Migration> Available { get; } = LoadEmbedded();

    /// <summary>Applies what is missing; returns the migrations applied by this call.</summary>
    public async Task<IReadOnlyList<Migration>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = AdvisoryLockKey }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                CREATE SCHEMA IF NOT EXISTS recon;
                CREATE TABLE IF NOT EXISTS recon.schema_version (
                    version     integer     PRIMARY KEY,
                    name        text        NOT NULL,
                    sha256      text        NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now()
                );
                """,
                cancellationToken: cancellationToken)).ConfigureAwait(false);

            var applied = (await connection.QueryAsync<(int Version, string Name, string Sha256)>(new CommandDefinition(
                "SELECT version, name, sha256 FROM recon.schema_version", cancellationToken: cancellationToken)).ConfigureAwait(false))
                .ToDictionary(row => row.Version);

            foreach (var migration in Available)
            {
                if (applied.TryGetValue(migration.Version, out var row) && row.Sha256 != migration.Sha256)
                {
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                        $"Migration {migration.Version:D4} ({migration.Name}) was changed after it was applied. Migrations are append-only: undo the edit and add a new migration."));
                }
            }

            var newlyApplied = new List<Migration>();
            foreach (var migration in Available.Where(m => !applied.ContainsKey(m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken, commandTimeout: 0)).ConfigureAwait(false);
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO recon.schema_version (version, name, sha256) VALUES (@Version, @Name, @Sha256)",
                    migration, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                newlyApplied.Add(migration);
            }

            return newlyApplied;
        }
        finally
        {
            // Not the caller's token: the lock must be released even when the caller gave up.
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = AdvisoryLockKey }).ConfigureAwait(false);
        }
    }

    /// <summary>The highest version recorded in the database, or 0 when none is.</summary>
    public async Task<int> CurrentVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT CASE WHEN to_regclass('recon.schema_version') IS NULL THEN 0 ELSE (SELECT coalesce(max(version), 0) FROM recon.schema_version) END",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private static List<Migration> LoadEmbedded()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var fileName = resource[ResourcePrefix.Length..^".sql".Length];
            var separator = fileName.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0 || !int.TryParse(fileName.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Embedded migration '{fileName}.sql' is not named NNNN_name.sql.");
            }

            var sql = Read(assembly, resource);
            var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
            migrations.Add(new Migration(version, fileName[(separator + 1)..], sql, sha));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        // Gaps are allowed (branches reserve numbers); two files claiming one number are not.
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"Two migrations are numbered {migrations[i].Version:D4}: {migrations[i - 1].Name} and {migrations[i].Name}."));
            }
        }

        return migrations;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // Line endings must not change the checksum between a Windows and a Linux checkout.
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }
}
