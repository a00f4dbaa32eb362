
namespace PaymentRecon.Host.Configuration;

/// <summary>Loads and validates configuration once per process.</summary>
internal static class AppConfiguration
{
    public const string EnvironmentPrefix = "PAYMENTRECON__";
    public const string DatabaseVariable = "PAYMENTRECON_DB";
    public const string SiteFileName = "paymentrecon.json";

    public static IConfigurationRoot Build(IEnumerable<KeyValuePair<string, string?>>? overrides = null) =>
        new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), SiteFileName), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddInMemoryCollection(overrides ?? [])
            .Build();

    /// <summary>Binds <see cref="PaymentReconOptions"/> and throws with every problem listed when it is invalid.</summary>
    public static PaymentReconOptions BindOptions(IConfiguration configuration)
    {
        var options = new PaymentReconOptions();
        try
        {
            configuration.GetSection("PaymentRecon").Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException exception)
        {
            // Inside a dictionary (receivables profiles) the binder wraps the message that names the key.
            var messages = new List<string>();
            for (Exception? e = exception; e is not null; e = e.InnerException)
            {
                messages.Add(e.Message);
            }

            throw new ConfigurationException([string.Join(" ", messages.Distinct(StringComparer.Ordinal))]);
        }

        var problems = options.Validate();
        return problems.Count == 0 ? options : throw new ConfigurationException(problems);
    }
}
