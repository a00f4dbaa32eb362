using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using PaymentRecon.Host.Service;

namespace PaymentRecon.IntegrationTests.Infrastructure;

/// <summary>
/// <c>paymentrecon serve</c> as a real process on a free loopback port, with fast test timings and
/// three users (operator, viewer, clerk), plus an HTTP client per user with its own cookies.
/// </summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    public const string Password = "Kasse-Test-2026!";
    private static readonly Lazy<string> PasswordHash = new(() => UserDirectory.HashPassword(Password));

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public string Output => string.Join('\n', _output);

    /// <summary>Starts the service and waits until <c>/health</c> answers.</summary>
    public static async Task<ServiceProcess> StartAsync(string workingDirectory, string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var port = FreePort();
        var environment = new Dictionary<string, string?>
        {
            ["PAYMENTRECON_DB"] = connectionString,
            ["PAYMENTRECON__Logging__LogLevel__Hangfire"] = "Warning",
            ["PAYMENTRECON__PaymentRecon__Service__QueuePollInterval"] = "00:00:01",
            ["PAYMENTRECON__PaymentRecon__Service__SchedulePollingInterval"] = "00:00:01",
            ["PAYMENTRECON__PaymentRecon__Service__LeaseDuration"] = "00:00:04",
            ["PAYMENTRECON__PaymentRecon__Service__InvisibilityTimeout"] = "00:00:06",
        };
        AddUser(environment, 0, "betrieb", "operator");
        AddUser(environment, 1, "leser", "viewer");
        AddUser(environment, 2, "sachbearbeitung", "clerk");
        AddUser(environment, 3, "freigabe", "approver");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var process = ProgramRunner.Start(workingDirectory, environment, "serve", "--urls", string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        var service = new ServiceProcess(process, port);
        using var client = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"serve exited with {process.ExitCode}:\n{service.Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/health", UriKind.Relative)).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow start under load.
            }

            await Task.Delay(250).ConfigureAwait(false);
        }

        await service.DisposeAsync().ConfigureAwait(false);
        throw new TimeoutException($"serve did not become healthy:\n{service.Output}");
    }

    /// <summary>An HTTP client that does not follow redirects, with its own cookies; logged in when a user is given.</summary>
    public async Task<HttpClient> ClientAsync(string? user = null)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (user is null)
        {
            return client;
        }

        var token = await TokenAsync(client, "/login").ConfigureAwait(false);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["username"] = user,
            ["password"] = Password,
            ["returnUrl"] = "/hangfire",
        });
        using var response = await client.PostAsync(new Uri("/login", UriKind.Relative), content).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Login of {user} failed: {response.StatusCode}");
        }

        return client;
    }

    /// <summary>The antiforgery form token from a page (and its cookie, kept by the client).</summary>
    public static async Task<string> TokenAsync(HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        var html = await client.GetStringAsync(new Uri(path, UriKind.Relative)).ConfigureAwait(false);
        // Our forms carry it as a field; every dashboard page also has it in Hangfire's csrf-token meta tag.
        var match = TokenField().Match(html);
        if (!match.Success)
        {
            match = TokenMeta().Match(html);
        }

        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"No antiforgery token on {path}.");
    }

    /// <summary>Kills the process at once, as a crash or a pulled plug would.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private static void AddUser(Dictionary<string, string?> environment, int index, string name, string role)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"PAYMENTRECON__PaymentRecon__Service__Users__{index}__");
        environment[prefix + "Name"] = name;
        environment[prefix + "PasswordHash"] = PasswordHash.Value;
        environment[prefix + "Roles__0"] = role;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex TokenMeta();
}
