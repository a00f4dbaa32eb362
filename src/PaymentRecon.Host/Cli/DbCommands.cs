using System.CommandLine;
using System.Globalization;
using PaymentRecon.Data;

namespace PaymentRecon.Host.Cli;

/// <summary><c>paymentrecon db migrate</c>.</summary>
internal static class DbCommands
{
    public static Command Create(Option<string?> db)
    {
        var migrate = new Command("migrate", "Create or upgrade the database schema (safe to run any time, also by two processes at once).");
        migrate.SetAction((parseResult, cancellationToken) => PaymentReconCli.ExecuteAsync(parseResult, db, async context =>
        {
            var applied = await new MigrationRunner(context.DataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);
            var output = parseResult.InvocationConfiguration.Output;
            foreach (var migration in applied)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"applied {migration.Version:D4} {migration.Name}")).ConfigureAwait(false);
            }

            var version = MigrationRunner.Available[^1].Version;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"schema at version {version} ({(applied.Count == 0 ? "already current" : $"{applied.Count} applied")}) in {Database.Describe(context.ConnectionString!)}")).ConfigureAwait(false);
            return ExitCodes.Done;
        }));

        var command = new Command("db", "Database maintenance.");
        command.Subcommands.Add(migrate);
        return command;
    }
}
