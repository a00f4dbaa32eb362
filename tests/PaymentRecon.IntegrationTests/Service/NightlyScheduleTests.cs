using Hangfire;
using Hangfire.Common;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Host.Service;

namespace PaymentRecon.IntegrationTests.Service;

/// <summary>No database: the registration and the date rule, checked without Hangfire running.</summary>
public sealed class NightlyScheduleTests
{
    [Fact]
    public void The_nightly_job_is_registered_once_under_its_fixed_id_with_cron_zone_and_strict_misfires()
    {
        var manager = new RecordingRecurringJobManager();
        var options = new PaymentReconOptions();

        NightlySchedule.Register(manager, options);

        var (id, job, cron, jobOptions) = manager.Registrations.Should().ContainSingle().Subject;
        id.Should().Be("paymentrecon-nightly");
        cron.Should().Be("30 4 * * *");
        jobOptions.TimeZone.Id.Should().Be("Europe/Berlin");
        jobOptions.MisfireHandling.Should().Be(MisfireHandlingMode.Strict);
        job.Queue.Should().Be("recon");
        job.Type.Should().Be<NightlyJob>();
        job.Method.Name.Should().Be(nameof(NightlyJob.ScheduledAsync));
    }

    [Theory]
    [InlineData("2026-11-27T03:30:00Z", "2026-11-27")] // 04:30 in Berlin (winter)
    [InlineData("2026-11-27T23:30:00Z", "2026-11-28")] // already the next day in Berlin
    [InlineData("2026-03-29T02:30:00Z", "2026-03-29")] // DST Sunday, 04:30 summer time
    [InlineData("2026-10-25T03:30:00Z", "2026-10-25")] // DST ends
    public void The_business_date_is_the_occurrence_date_in_the_cash_offices_zone(string occurrence, string expected) =>
        NightlyJob.BusinessDateOf(DateTimeOffset.Parse(occurrence, System.Globalization.CultureInfo.InvariantCulture), "Europe/Berlin")
            .Should().Be(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    private sealed class RecordingRecurringJobManager : IRecurringJobManager
    {
        public List<(string Id, Job Job, string Cron, RecurringJobOptions Options)> Registrations { get; } = [];

        public void AddOrUpdate(string recurringJobId, Job job, string cronExpression, RecurringJobOptions options) =>
            Registrations.Add((recurringJobId, job, cronExpression, options));

        public void Trigger(string recurringJobId) => throw new NotSupportedException();

        public void RemoveIfExists(string recurringJobId) => throw new NotSupportedException();
    }
}
