namespace PaymentRecon.Host.Service;

/// <summary>
/// A logging provider that copies Information-and-above lines written inside a job into that job's
/// <see cref="JobLog"/>. The same logging rules apply as for the console: no personal data at Information.
/// </summary>
[ProviderAlias("JobLog")]
internal sealed class JobLogCaptureProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CaptureLogger(categoryName);

    public void Dispose()
    {
    }

    private sealed class CaptureLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && JobLog.Current is not null;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || JobLog.Current is not { } log)
            {
                return;
            }

            var message = formatter(state, exception);
            if (exception is not null)
            {
                message += " (" + exception.GetType().Name + ": " + exception.Message + ")";
            }

            log.Add(logLevel, ShortCategory(category), message);
        }

        private static string ShortCategory(string name) => name[(name.LastIndexOf('.') + 1)..];
    }
}
