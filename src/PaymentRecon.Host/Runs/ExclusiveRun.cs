using Npgsql;
using PaymentRecon.Data;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Runs;

/// <summary>
/// Runs <see cref="NightlyRun"/> in this process while holding the lease on its business date
/// (<see cref="HeldLease"/>), so the command line and any number of servers never process one date
/// at the same time.
/// </summary>
public sealed class ExclusiveRun
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PaymentReconOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;

    public ExclusiveRun(NpgsqlDataSource dataSource, PaymentReconOptions options, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _dataSource = dataSource;
        _options = options;
        _loggerFactory = loggerFactory;
        _time = time;
    }

    /// <summary>Throws <see cref="RunLeaseHeldException"/> when another run holds the date.</summary>
    public async Task<RunResult> ExecuteAsync(RunRequest request, string holder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The lease table may be new to this database: migrate before taking it (NightlyRun migrates too; that is a no-op then).
        await new MigrationRunner(_dataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);

        await using var lease = await HeldLease.AcquireAsync(
            _dataSource, request.BusinessDate, holder, _options.Service.LeaseDuration, _loggerFactory.CreateLogger<ExclusiveRun>(), _time, cancellationToken).ConfigureAwait(false);
        try
        {
            return await new NightlyRun(_dataSource, _options, _loggerFactory, _time).ExecuteAsync(request, lease.Token).ConfigureAwait(false);
        }
        finally
        {
            await lease.ReleaseAsync().ConfigureAwait(false);
        }
    }
}
