using Npgsql;
using PaymentRecon.Data;
using PaymentRecon.Data.Service;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Host.Service.Dashboard;

namespace PaymentRecon.Host.Service;

/// <summary>The table of contents of <c>paymentrecon serve</c>: what the web host consists of.</summary>
internal static class ServiceApplication
{
    public static WebApplication Build(IConfigurationRoot configuration, PaymentReconOptions options, string connectionString, string urls, UserDirectory users)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Directory.GetCurrentDirectory() });
        // One configuration for the command line and the service (appsettings.json, paymentrecon.json, PAYMENTRECON__ variables).
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls(urls);
        builder.Logging.AddProvider(new JobLogCaptureProvider());
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });

        builder.Services.AddPaymentReconData(options, connectionString);
        builder.Services.AddPaymentReconHangfire(options.Service, connectionString);
        builder.Services.AddPaymentReconLogin(options.Service, users);
        builder.Services.AddPaymentReconHealth();
        builder.Services.AddKlaerfallPages();

        var app = builder.Build();
        app.UseDashboardCharset();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapPaymentReconLogin(options.Service);
        app.MapPaymentReconHealth();
        app.MapPaymentReconDashboard();
        return app;
    }

    /// <summary>Our data source (one pool, apart from Hangfire's), the options, the clock and the stores the pages read.</summary>
    private static IServiceCollection AddPaymentReconData(this IServiceCollection services, PaymentReconOptions options, string connectionString)
    {
        services.AddSingleton(options);
        services.AddSingleton(options.Folders);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<NpgsqlDataSource>(_ => Database.CreateDataSource(connectionString));
        services.AddSingleton<RunOverviewStore>();
        services.AddSingleton<OperatorActionStore>();
        services.AddSingleton<QuarantineStore>();
        services.AddSingleton<RunJobStore>();
        services.AddSingleton<JobLogStore>();
        services.AddTransient<QuarantineRequeue>();
        return services;
    }
}
