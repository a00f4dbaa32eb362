using System.CommandLine;
using PaymentRecon.Host.Service;

namespace PaymentRecon.Host.Cli;

/// <summary><c>paymentrecon users hash-password</c>: the hash to put into <c>PaymentRecon:Service:Users</c>.</summary>
internal static class UsersCommands
{
    public static Command Create()
    {
        var hash = new Command("hash-password",
            "Read a password from standard input (first line) and print its hash for PaymentRecon:Service:Users[].PasswordHash " +
            "(ASP.NET Core Identity v3: PBKDF2 with HMAC-SHA512, 100000 iterations, random salt, base64).");
        hash.SetAction(async (parseResult, cancellationToken) =>
        {
            var password = await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrEmpty(password))
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync("No password on standard input (e.g. `read -rs P; echo \"$P\" | paymentrecon users hash-password`).").ConfigureAwait(false);
                return ExitCodes.WrongUsage;
            }

            await parseResult.InvocationConfiguration.Output.WriteLineAsync(UserDirectory.HashPassword(password)).ConfigureAwait(false);
            return ExitCodes.Done;
        });

        var command = new Command("users", "Dashboard users.");
        command.Subcommands.Add(hash);
        return command;
    }
}
