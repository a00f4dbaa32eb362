using System.CommandLine;
using PaymentRecon.Data.Booking;

namespace PaymentRecon.Host.Cli;

/// <summary><c>paymentrecon export resend FILE</c>.</summary>
internal static class ExportCommands
{
    public static Command Create(Option<string?> db)
    {
        var file = new Argument<string>("FILE") { Description = "Name (or path) of an exported booking file, e.g. BUCHUNGEN_20261127_0001.csv." };
        var outbox = new Option<string?>("--outbox") { Description = "Folder to write into (default: the configured outbox).", HelpName = "dir" };
        var resend = new Command("resend", "Write an already exported booking file and its control file again, byte for byte (checked against the SHA-256 recorded at the first export).");
        resend.Arguments.Add(file);
        resend.Options.Add(outbox);
        resend.SetAction((parseResult, cancellationToken) => PaymentReconCli.ExecuteAsync(parseResult, db, async context =>
        {
            var exporter = new BookingExporter(context.DataSource, context.LoggerFactory.CreateLogger("PaymentRecon.Export"));
            try
            {
                var path = await exporter.ResendAsync(parseResult.GetValue(file)!, parseResult.GetValue(outbox) ?? context.Options.Folders.Outbox, cancellationToken).ConfigureAwait(false);
                await parseResult.InvocationConfiguration.Output.WriteLineAsync($"Erneut geschrieben: {path} (und {Path.GetFileName(Path.ChangeExtension(path, ".json"))})").ConfigureAwait(false);
                return ExitCodes.Done;
            }
            catch (ExportNotFoundException exception)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
                return ExitCodes.WrongUsage;
            }
        }));

        var command = new Command("export", "Booking files for the HKR.");
        command.Subcommands.Add(resend);
        return command;
    }
}
