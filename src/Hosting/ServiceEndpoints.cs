using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace MeshCall.Hosting;

/// <summary>
/// What every MeshCall process serves over HTTP, silo and gateway alike: <c>/healthz</c> (the process answers),
/// <c>/readyz</c> (its readiness checks pass), <c>/version</c>, and its meters at <c>/metrics</c> for Prometheus.
/// </summary>
public static class ServiceEndpoints
{
    /// <summary>The tag of the health checks that <c>/readyz</c> runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Health checks, and <paramref name="meters"/> exported for <c>/metrics</c> under the OpenTelemetry resource
    /// <paramref name="serviceName"/>, versioned as <paramref name="host"/>.
    /// </summary>
    public static IServiceCollection AddServiceEndpoints(this IServiceCollection services, string serviceName, Assembly host, params string[] meters)
    {
        services.AddHealthChecks();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: ServiceIdentity.VersionOf(host), serviceInstanceId: ServiceIdentity.InstanceId))
            .WithMetrics(metrics => metrics.AddMeter(meters).AddPrometheusExporter(ScrapeNow));
        return services;
    }

    /// <summary>A check that <c>/readyz</c> runs: until it passes, no traffic should be sent here.</summary>
    public static IServiceCollection AddReadinessCheck<TCheck>(this IServiceCollection services, string name)
        where TCheck : class, IHealthCheck
    {
        services.AddHealthChecks().AddCheck<TCheck>(name, tags: [ReadyTag]);
        return services;
    }

    /// <param name="host">The assembly whose version <c>/version</c> names: the process's own.</param>
    public static WebApplication MapServiceEndpoints(this WebApplication app, Assembly host)
    {
        var version = ServiceIdentity.VersionOf(host);
        app.MapPrometheusScrapingEndpoint("/metrics");
        // Liveness runs no check: a process that answers is alive, even while the cluster is not there.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        app.MapGet("/version", () => new { protocol = 1, version });
        return app;
    }

    /// <summary>Every scrape reads the meters afresh (the exporter would otherwise answer from a 300 ms cache).</summary>
    private static void ScrapeNow(PrometheusAspNetCoreOptions options) => options.ScrapeResponseCacheDurationMilliseconds = 0;
}
