using System.Reflection;
using MeshCall.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace MeshCall.Silo;

/// <summary>A silo process: room and peer grains, plus health endpoints over HTTP on <c>--urls</c>.</summary>
public static class SiloApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.UseOrleans(silo => silo.UseMeshCallClustering(builder.Configuration).AddMeshCallGrains());
        builder.Services.AddHealthChecks().AddCheck<SiloReadinessCheck>("silo", tags: ["ready"]);

        var app = builder.Build();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapGet("/version", () => new { protocol = 1, version = Version });
        return app;
    }

    private static string Version =>
        typeof(SiloApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
