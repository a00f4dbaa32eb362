using Hangfire;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Service;

/// <summary>
/// The one place the recurring nightly job is registered, under a fixed id, at every start (so a
/// changed cron or time zone in configuration takes effect). <c>Strict</c> misfire handling: after
/// an outage every missed night is run with its own date.
/// </summary>
internal sealed class NightlySchedule : IHostedService
{
    public const string RecurringJobId = "paymentrecon-nightly";

    private readonly IRecurringJobManager _recurringJobs;
    private readonly PaymentReconOptions _options;

    public NightlySchedule(IRecurringJobManager recurringJobs, PaymentReconOptions options)
    {
        _recurringJobs = recurringJobs;
        _options = options;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Register(_recurringJobs, _options);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static void Register(IRecurringJobManager recurringJobs, PaymentReconOptions options)
    {
        ArgumentNullException.ThrowIfNull(recurringJobs);
        ArgumentNullException.ThrowIfNull(options);
        recurringJobs.AddOrUpdate<NightlyJob>(
            RecurringJobId,
            NightlyJob.QueueName,
            job => job.ScheduledAsync(null, CancellationToken.None),
            options.Service.NightlyCron,
            new RecurringJobOptions
            {
                TimeZone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone),
                MisfireHandling = MisfireHandlingMode.Strict,
            });
    }
}
