using System.CommandLine;
using Npgsql;
using PaymentRecon.Data;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Cli;

/// <summary>What every command needs: configuration, logging, and the database when it asks for it.</summary>
internal sealed class CommandContext : IAsyncDisposable
{
    private NpgsqlDataSource? _dataSource;

    private CommandContext(IConfigurationRoot configuration, PaymentReconOptions options, ILoggerFactory loggerFactory, string? connectionString)
    {
        Configuration = configuration;
        Options = options;
        LoggerFactory = loggerFactory;
        ConnectionString = connectionString;
    }

    public IConfigurationRoot Configuration { get; }

    public PaymentReconOptions Options { get; }

    public ILoggerFactory LoggerFactory { get; }

    public string? ConnectionString { get; }

    public TimeProvider Time { get; } = TimeProvider.System;

    public static CommandContext Create(ParseResult parseResult, Option<string?> dbOption)
    {
        var configuration = AppConfiguration.Build();
        var options = AppConfiguration.BindOptions(configuration);
        var loggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(logging => logging
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
            }));
        var connectionString = parseResult.GetValue(dbOption);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = Environment.GetEnvironmentVariable(AppConfiguration.DatabaseVariable);
        }

        return new CommandContext(configuration, options, loggerFactory, string.IsNullOrWhiteSpace(connectionString) ? null : connectionString);
    }

    /// <summary>The data source; throws <see cref="NoDatabaseException"/> when no database was named.</summary>
    public NpgsqlDataSource DataSource =>
        _dataSource ??= ConnectionString is null
            ? throw new NoDatabaseException()
            : Database.CreateDataSource(ConnectionString);

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }

        LoggerFactory.Dispose();
    }
}
