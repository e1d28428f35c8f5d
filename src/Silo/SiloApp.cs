using MeshCall.Grains;
using MeshCall.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Orleans.Dashboard;

namespace MeshCall.Silo;

/// <summary>A silo process: room and peer grains, plus health endpoints over HTTP on <c>--urls</c>.</summary>
public static class SiloApp
{
    /// <summary>The OpenTelemetry <c>service.name</c> of a silo process.</summary>
    public const string ServiceName = "meshcall-silo";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var dashboard = SiloSettings.From(builder.Configuration).Dashboard;
        builder.UseOrleans(silo =>
        {
            silo.UseMeshCallClustering(builder.Configuration).AddMeshCallGrains();
            if (dashboard)
            {
                // The live log stream stays off: logs are for the log pipeline, not a browser tab.
                silo.AddDashboard(options => options.HideTrace = true);
            }
        });
        builder.Services.AddHealthChecks().AddCheck<SiloReadinessCheck>("silo", tags: ["ready"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: Version, serviceInstanceId: ServiceIdentity.InstanceId))
            .WithMetrics(metrics => metrics.AddMeter(SiloMetrics.MeterName).AddPrometheusExporter(ScrapeNow));

        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint("/metrics");
        if (dashboard)
        {
            app.MapOrleansDashboard("/dashboard");
        }

        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapGet("/version", () => new { protocol = 1, version = Version });
        return app;
    }

    private static void ScrapeNow(PrometheusAspNetCoreOptions options) => options.ScrapeResponseCacheDurationMilliseconds = 0;

    private static string Version => ServiceIdentity.VersionOf(typeof(SiloApp).Assembly);
}
