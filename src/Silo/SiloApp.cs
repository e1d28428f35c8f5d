using MeshCall.Grains;
using MeshCall.Hosting;

namespace MeshCall.Silo;

/// <summary>A silo process: room and peer grains, plus health endpoints over HTTP on <c>--urls</c>.</summary>
public static class SiloApp
{
    /// <summary>The OpenTelemetry <c>service.name</c> of a silo process.</summary>
    public const string ServiceName = "meshcall-silo";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.UseMeshCallSilo(readinessCheck: "silo");
        builder.Services.AddServiceEndpoints(ServiceName, typeof(SiloApp).Assembly, SiloMetrics.MeterName);

        var app = builder.Build();
        app.MapSiloDashboard();
        app.MapServiceEndpoints(typeof(SiloApp).Assembly);
        return app;
    }
}
