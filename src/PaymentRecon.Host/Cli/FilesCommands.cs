using System.CommandLine;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Host.Service;

namespace PaymentRecon.Host.Cli;

/// <summary><c>paymentrecon files requeue NAME</c>: a fixed file from the quarantine back into the inbox.</summary>
internal static class FilesCommands
{
    public static Command Create(Option<string?> db)
    {
        var name = new Argument<string>("name") { Description = "The file's name in the quarantine folder." };
        var inbox = new Option<string?>("--inbox") { Description = "Inbox folder (default: from configuration).", HelpName = "dir" };
        var quarantine = new Option<string?>("--quarantine") { Description = "Quarantine folder (default: from configuration).", HelpName = "dir" };
        var user = new Option<string?>("--user") { Description = "Who asks (recorded; default: the login name).", HelpName = "name" };
        var requeue = new Command("requeue",
            "Move a fixed file from the quarantine back into the inbox (statements/ or receivables/, by what it was) and record who did it. " +
            "The next run imports it; `paymentrecon run --date D` does so now. Asking again changes nothing.");
        requeue.Arguments.Add(name);
        requeue.Options.Add(inbox);
        requeue.Options.Add(quarantine);
        requeue.Options.Add(user);
        requeue.SetAction((parseResult, cancellationToken) => PaymentReconCli.ExecuteAsync(parseResult, db, async context =>
        {
            var configured = context.Options.Folders;
            var folders = new FolderOptions
            {
                Inbox = parseResult.GetValue(inbox) ?? configured.Inbox,
                Outbox = configured.Outbox,
                Archive = configured.Archive,
                Quarantine = parseResult.GetValue(quarantine) ?? configured.Quarantine,
            };
            await new Data.MigrationRunner(context.DataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);
            var requeuer = new QuarantineRequeue(context.DataSource, folders, context.LoggerFactory.CreateLogger<QuarantineRequeue>());
            var result = await requeuer.RequeueAsync(parseResult.GetValue(name)!, parseResult.GetValue(user) ?? Environment.UserName, "cli", cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(result.Message).ConfigureAwait(false);
                return ExitCodes.WrongUsage;
            }

            await parseResult.InvocationConfiguration.Output.WriteLineAsync(result.Message).ConfigureAwait(false);
            return ExitCodes.Done;
        }));

        var command = new Command("files", "Input files.");
        command.Subcommands.Add(requeue);
        return command;
    }
}
