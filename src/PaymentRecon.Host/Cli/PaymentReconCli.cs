using System.CommandLine;
using System.Net.Sockets;
using Npgsql;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Cli;

/// <summary>The command tree of <c>paymentrecon</c> (contract section 2).</summary>
internal static class PaymentReconCli
{
    public static RootCommand Create()
    {
        var db = new Option<string?>("--db")
        {
            Description = "Npgsql connection string of the database (default: the PAYMENTRECON_DB environment variable).",
            HelpName = "connection-string",
            Recursive = true,
        };

        var root = new RootCommand(
            "PaymentRecon: reconciles bank statements (camt.052/053/054) with the Soll-Stellungen of the " +
            "specialist procedures and writes booking files for the HKR.");
        root.Options.Add(db);
        root.Subcommands.Add(RunCommand.Create(db));
        root.Subcommands.Add(DbCommands.Create(db));
        root.Subcommands.Add(ExportCommands.Create(db));
        root.Subcommands.Add(ServeCommand.Create(db));
        root.Subcommands.Add(FilesCommands.Create(db));
        root.Subcommands.Add(KlaerfaelleCommands.Create(db));
        root.Subcommands.Add(UsersCommands.Create());
        root.Subcommands.Add(StatementsCommands.Create());
        return root;
    }

    /// <summary>
    /// Runs a command body with the context it needs, turning the failures that mean "could not run"
    /// into exit code 3 with a message that says what to do, instead of a stack trace.
    /// </summary>
    public static async Task<int> ExecuteAsync(ParseResult parseResult, Option<string?> db, Func<CommandContext, Task<int>> body)
    {
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            await using var context = CommandContext.Create(parseResult, db);
            return await body(context).ConfigureAwait(false);
        }
        catch (ConfigurationException exception)
        {
            await error.WriteLineAsync(exception.Message).ConfigureAwait(false);
            return ExitCodes.CouldNotRun;
        }
        catch (NoDatabaseException exception)
        {
            await error.WriteLineAsync(exception.Message).ConfigureAwait(false);
            return ExitCodes.CouldNotRun;
        }
        catch (Exception exception) when (exception is NpgsqlException { IsTransient: true } or SocketException or TimeoutException
                                         || exception.InnerException is SocketException)
        {
            await error.WriteLineAsync($"Database unreachable: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.CouldNotRun;
        }
        catch (ArgumentException exception) when (exception.Source == "Npgsql")
        {
            await error.WriteLineAsync($"The connection string is not valid: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.WrongUsage;
        }
    }
}
