using System.CommandLine;
using PaymentRecon.Data;
using PaymentRecon.Host.Service;

namespace PaymentRecon.Host.Cli;

/// <summary><c>paymentrecon serve</c>: Hangfire server, nightly schedule, dashboard, health endpoint.</summary>
internal static class ServeCommand
{
    public static Command Create(Option<string?> db)
    {
        var urls = new Option<string>("--urls")
        {
            Description = $"Addresses to listen on, ';'-separated (default: {ServeUrls.Default}, loopback only).",
            HelpName = "url",
            DefaultValueFactory = _ => ServeUrls.Default,
        };
        var command = new Command("serve",
            "Run the service: the Hangfire server with the nightly schedule, the dashboard at /hangfire (login required) and /health.");
        command.Options.Add(urls);
        command.SetAction((parseResult, cancellationToken) => PaymentReconCli.ExecuteAsync(parseResult, db, async context =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var connectionString = context.ConnectionString ?? throw new NoDatabaseException();
            var addresses = parseResult.GetValue(urls)!;
            var service = context.Options.Service;

            var users = service.Users;
            if (users.Count == 0 && !service.OpenIdConnect.Enabled)
            {
                if (!ServeUrls.AreLoopbackOnly(addresses))
                {
                    await error.WriteLineAsync(
                        $"Refusing to serve the dashboard on {addresses} without login: configure PaymentRecon:Service:Users " +
                        "or PaymentRecon:Service:OpenIdConnect, or listen on loopback only.").ConfigureAwait(false);
                    return ExitCodes.CouldNotRun;
                }

                var admin = DevelopmentAdmin.LoadOrCreate(service.DevelopmentAdminFile, out var password);
                users = [admin];
                await output.WriteLineAsync(password is null
                    ? $"Development login: user '{admin.Name}', password as printed when {service.DevelopmentAdminFile} was created (delete that file for a new one)."
                    : $"Development login created: user '{admin.Name}', password '{password}' (shown only now; stored hashed in {service.DevelopmentAdminFile}).").ConfigureAwait(false);
            }

            await new MigrationRunner(context.DataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);
            await HangfireRegistration.InstallSchemaAsync(context.DataSource, cancellationToken).ConfigureAwait(false);

            await using var app = ServiceApplication.Build(context.Configuration, context.Options, connectionString, addresses, new UserDirectory(users));
            await output.WriteLineAsync($"Serving on {addresses}: dashboard at /hangfire, health at /health. Ctrl+C stops.").ConfigureAwait(false);
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Done;
        }));
        return command;
    }
}
