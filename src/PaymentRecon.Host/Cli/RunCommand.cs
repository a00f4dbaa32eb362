using System.CommandLine;
using System.Globalization;
using PaymentRecon.Host.Runs;

namespace PaymentRecon.Host.Cli;

/// <summary><c>paymentrecon run</c>: the nightly job once, in the foreground.</summary>
internal static class RunCommand
{
    public static Command Create(Option<string?> db)
    {
        var inbox = new Option<string?>("--inbox") { Description = "Folder with statements/ and receivables/ (default: inbox).", HelpName = "dir" };
        var outbox = new Option<string?>("--outbox") { Description = "Folder for booking files and run reports (default: outbox).", HelpName = "dir" };
        var archive = new Option<string?>("--archive") { Description = "Folder processed files move to, by date (default: archive).", HelpName = "dir" };
        var quarantine = new Option<string?>("--quarantine") { Description = "Folder rejected files move to, with FILE.error.txt (default: quarantine).", HelpName = "dir" };
        var date = new Option<DateOnly?>("--date")
        {
            Description = "Business date of the run, YYYY-MM-DD (default: today in the cash office's time zone).",
            HelpName = "YYYY-MM-DD",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
                {
                    return value;
                }

                result.AddError($"--date '{text}' is not a date in the form YYYY-MM-DD.");
                return null;
            },
        };

        var command = new Command("run",
            "Run the nightly job once, in the foreground: import receivables and statements, reconcile, " +
            "write the booking file and the run report. Exit code 0 done, 2 done but a file was quarantined, 3 could not run.");
        command.Options.Add(inbox);
        command.Options.Add(outbox);
        command.Options.Add(archive);
        command.Options.Add(quarantine);
        command.Options.Add(date);
        command.SetAction((parseResult, cancellationToken) => PaymentReconCli.ExecuteAsync(parseResult, db, async context =>
        {
            var folders = context.Options.Folders;
            var request = new RunRequest(
                BusinessDate: parseResult.GetValue(date) ?? Today(context),
                Trigger: RunTrigger.CommandLine,
                Folders: new RunFolders(
                    Inbox: parseResult.GetValue(inbox) ?? folders.Inbox,
                    Outbox: parseResult.GetValue(outbox) ?? folders.Outbox,
                    Archive: parseResult.GetValue(archive) ?? folders.Archive,
                    Quarantine: parseResult.GetValue(quarantine) ?? folders.Quarantine));

            // Through the same lease as the service, so a command-line run and a server run of one date never overlap.
            var run = new ExclusiveRun(context.DataSource, context.Options, context.LoggerFactory, context.Time);
            RunResult result;
            try
            {
                result = await run.ExecuteAsync(request, RunHolder.CommandLine(), cancellationToken).ConfigureAwait(false);
            }
            catch (RunLeaseHeldException exception)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
                return ExitCodes.CouldNotRun;
            }

            await parseResult.InvocationConfiguration.Output.WriteLineAsync(result.Summary).ConfigureAwait(false);
            return result.ExitCode;
        }));
        return command;
    }

    private static DateOnly Today(CommandContext context)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(context.Options.TimeZone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(context.Time.GetUtcNow(), zone).DateTime);
    }
}
