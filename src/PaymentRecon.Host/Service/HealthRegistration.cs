using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PaymentRecon.Host.Service;

/// <summary><c>/health</c>, open without login (it names no data), JSON, 503 when unhealthy.</summary>
internal static class HealthRegistration
{
    public static IServiceCollection AddPaymentReconHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ServiceHealthCheck>("paymentrecon");
        return services;
    }

    public static IEndpointRouteBuilder MapPaymentReconHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = async (context, report) =>
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                var entry = report.Entries.Values.FirstOrDefault();
                await JsonSerializer.SerializeAsync(context.Response.Body, new
                {
                    status = report.Status.ToString(),
                    description = entry.Description,
                    checks = entry.Data,
                }, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            },
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        return endpoints;
    }
}
