using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Host.Service.Dashboard;

namespace PaymentRecon.Host.Service;

/// <summary>Hangfire on PostgreSQL (schema <c>hangfire</c>, its own connection pool), one server per process, the nightly schedule.</summary>
internal static class HangfireRegistration
{
    public const string Schema = "hangfire";

    // Any fixed key, different from the migration runner's: serialises Hangfire's schema installation between servers.
    private const long InstallLockKey = 0x5061_7948_616E_6746; // "PayHangF"

    public static IServiceCollection AddPaymentReconHangfire(this IServiceCollection services, ServiceOptions options, string connectionString)
    {
        var hangfireConnection = HangfireConnectionString(connectionString, options);
        services.AddHangfire((provider, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(bootstrap => bootstrap.UseNpgsqlConnection(hangfireConnection), StorageOptions(options))
            .UsePaymentReconJobDetails());
        services.AddHangfireServer(server =>
        {
            server.ServerName = NightlyJob.ServerName(options);
            server.WorkerCount = options.WorkerCount;
            server.Queues = [NightlyJob.QueueName, "default"];
            server.SchedulePollingInterval = options.SchedulePollingInterval;
            server.ShutdownTimeout = TimeSpan.FromSeconds(30);
        });
        // The host must wait longer than Hangfire does, or running jobs are cut off instead of handed back.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(45));
        services.AddTransient<NightlyJob>();
        services.AddTransient<NightlyStepJob>();
        services.AddTransient<RerunRequests>();
        services.AddHostedService<NightlySchedule>();
        return services;
    }

    public static PostgreSqlStorageOptions StorageOptions(ServiceOptions options) => new()
    {
        SchemaName = Schema,
        // Installed by InstallSchemaAsync under a lock: two servers starting at once must not race.
        PrepareSchemaIfNecessary = false,
        QueuePollInterval = options.QueuePollInterval,
        InvisibilityTimeout = options.InvisibilityTimeout,
        // A long run keeps its job: without this a job running longer than InvisibilityTimeout is fetched a second time.
        UseSlidingInvisibilityTimeout = true,
        EnableLongPolling = false,
        AllowDegradedModeWithoutStorage = false,
    };

    /// <summary>Our own pool for Hangfire, named so <c>pg_stat_activity</c> tells it apart, and bounded so it cannot starve the run.</summary>
    public static string HangfireConnectionString(string connectionString, ServiceOptions options) =>
        new NpgsqlConnectionStringBuilder(connectionString)
        {
            ApplicationName = "paymentrecon-hangfire",
            MaxPoolSize = options.HangfireMaxPoolSize,
        }.ConnectionString;

    /// <summary>Creates or upgrades Hangfire's schema, one server at a time.</summary>
    public static async Task InstallSchemaAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            command.Parameters.AddWithValue("key", InstallLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            PostgreSqlObjectsInstaller.Install(connection, Schema);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlock.Parameters.AddWithValue("key", InstallLockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
