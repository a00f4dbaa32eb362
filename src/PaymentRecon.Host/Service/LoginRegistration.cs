using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Service;

/// <summary>
/// Authentication for the dashboard: a cookie login against the configured users, and OpenID
/// Connect when an identity provider is configured. Antiforgery is registered explicitly: Hangfire
/// checks POSTs only when it finds <see cref="IAntiforgery"/>.
/// </summary>
internal static class LoginRegistration
{
    public const string DashboardPolicy = "paymentrecon-dashboard";
    public const string OidcScheme = "oidc";

    // No name in the message: user names are personal data.
    private static readonly Action<ILogger, Exception?> LogLoginFailed =
        LoggerMessage.Define(LogLevel.Warning, new EventId(1, "LoginFailed"), "Dashboard login failed");

    public static IServiceCollection AddPaymentReconLogin(this IServiceCollection services, ServiceOptions options, UserDirectory users)
    {
        services.AddSingleton(users);
        services.AddDataProtection()
            .SetApplicationName("paymentrecon")
            .PersistKeysToFileSystem(new DirectoryInfo(options.DataProtectionKeys));
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "paymentrecon.antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
        });

        var oidc = options.OpenIdConnect;
        var authentication = services.AddAuthentication(authentication =>
        {
            authentication.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            authentication.DefaultChallengeScheme = oidc.Enabled && users.IsEmpty ? OidcScheme : CookieAuthenticationDefaults.AuthenticationScheme;
        });
        authentication.AddCookie(cookie =>
        {
            cookie.Cookie.Name = "paymentrecon.login";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/login";
            cookie.LogoutPath = "/logout";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            // A logged-in user without a dashboard role gets a plain 403, not a redirect loop.
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        if (oidc.Enabled)
        {
            authentication.AddOpenIdConnect(OidcScheme, "Identitätsanbieter", connect =>
            {
                connect.Authority = oidc.Authority;
                connect.ClientId = oidc.ClientId;
                connect.ClientSecret = oidc.ClientSecret;
                connect.ResponseType = "code";
                connect.UsePkce = true;
                connect.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                connect.GetClaimsFromUserInfoEndpoint = true;
                connect.MapInboundClaims = false;
                connect.SaveTokens = false;
                connect.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                connect.Scope.Clear();
                foreach (var scope in oidc.Scopes)
                {
                    connect.Scope.Add(scope);
                }

                connect.TokenValidationParameters.NameClaimType = oidc.NameClaim;
                connect.TokenValidationParameters.RoleClaimType = oidc.RoleClaim;
                connect.ClaimActions.MapJsonKey(oidc.RoleClaim, oidc.RoleClaim);
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(DashboardPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(ServiceRoles.All));
        return services;
    }

    public static IEndpointRouteBuilder MapPaymentReconLogin(this IEndpointRouteBuilder endpoints, ServiceOptions options)
    {
        var oidc = options.OpenIdConnect.Enabled;
        endpoints.MapGet("/", () => Results.Redirect("/hangfire"));
        endpoints.MapGet("/login", (HttpContext context, IAntiforgery antiforgery, UserDirectory users, string? returnUrl) =>
            users.IsEmpty && oidc
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOrDashboard(returnUrl) }, [OidcScheme])
                : LoginPage.Render(antiforgery.GetAndStoreTokens(context), LocalOrDashboard(returnUrl), error: null, offerOidc: oidc));
        endpoints.MapGet("/login/oidc", (string? returnUrl) =>
            oidc ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOrDashboard(returnUrl) }, [OidcScheme]) : Results.NotFound());
        endpoints.MapPost("/login", async (HttpContext context, IAntiforgery antiforgery, UserDirectory users, ILoggerFactory loggers) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
            {
                return Results.BadRequest("Das Formular ist abgelaufen; bitte die Anmeldeseite neu laden.");
            }

            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            var returnUrl = LocalOrDashboard(form["returnUrl"]);
            var identity = users.Authenticate(form["username"], form["password"], CookieAuthenticationDefaults.AuthenticationScheme);
            if (identity is null)
            {
                LogLoginFailed(loggers.CreateLogger(typeof(LoginRegistration)), null);
                return LoginPage.Render(antiforgery.GetAndStoreTokens(context), returnUrl, "Benutzername oder Passwort ist falsch.", oidc, StatusCodes.Status401Unauthorized);
            }

            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity)).ConfigureAwait(false);
            return Results.Redirect(returnUrl);
        });
        endpoints.MapPost("/logout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
            {
                return Results.BadRequest();
            }

            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
            return Results.Redirect("/login");
        });
        return endpoints;
    }

    /// <summary>Only local paths, so the login cannot be used to send people elsewhere.</summary>
    private static string LocalOrDashboard(string? url) =>
        url is { Length: > 1 } && url[0] == '/' && url[1] is not ('/' or '\\') ? url : "/hangfire";
}
