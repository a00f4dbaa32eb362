using System.Net;

namespace PaymentRecon.Host.Service;

/// <summary>The addresses <c>serve</c> listens on.</summary>
internal static class ServeUrls
{
    public const string Default = "http://127.0.0.1:5080";

    /// <summary>True when every URL binds a loopback address only (not <c>*</c>, <c>+</c> or <c>0.0.0.0</c>).</summary>
    public static bool AreLoopbackOnly(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(IsLoopback);

    private static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url.Replace("://*", "://wildcard.invalid", StringComparison.Ordinal).Replace("://+", "://wildcard.invalid", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
