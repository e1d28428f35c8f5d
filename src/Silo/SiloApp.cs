using MeshCall.Grains;
using MeshCall.Hosting;
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
        builder.Services.AddReadinessCheck<SiloReadinessCheck>("silo");
        builder.Services.AddServiceEndpoints(ServiceName, typeof(SiloApp).Assembly, SiloMetrics.MeterName);

        var app = builder.Build();
        if (dashboard)
        {
            app.MapOrleansDashboard("/dashboard");
        }

        app.MapServiceEndpoints(typeof(SiloApp).Assembly);
        return app;
    }
}
