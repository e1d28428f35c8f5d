using MeshCall.Grains;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Orleans.Dashboard;

namespace MeshCall.Hosting;

/// <summary>A silo in this process, as a silo process and an embedded gateway both host it.</summary>
public static class SiloHosting
{
    /// <summary>
    /// Hosts a silo of the cluster named by <c>Cluster:*</c> with the room and peer grains, and the Orleans
    /// dashboard when <c>Silo:Dashboard</c> is on; <c>/readyz</c> passes once the silo is active in the cluster.
    /// </summary>
    /// <param name="readinessCheck">The check's name in the health report: a gateway calls its cluster check the same whether it hosts the silo or not.</param>
    /// <param name="localhostOnly">An embedded silo always uses development clustering, whatever the provider says.</param>
    public static WebApplicationBuilder UseMeshCallSilo(this WebApplicationBuilder builder, string readinessCheck, bool localhostOnly = false)
    {
        var configuration = builder.Configuration;
        builder.UseOrleans(silo =>
        {
            silo.UseMeshCallClustering(configuration, localhostOnly).AddMeshCallGrains();
            if (SiloSettings.From(configuration).Dashboard)
            {
                // The live log stream stays off: logs are for the log pipeline, not a browser tab.
                silo.AddDashboard(options => options.HideTrace = true);
            }
        });
        builder.Services.AddReadinessCheck<SiloReadinessCheck>(readinessCheck);
        return builder;
    }

    /// <summary>The silo's Orleans dashboard at <c>/dashboard</c>, when it has one (<c>Silo:Dashboard</c>).</summary>
    public static WebApplication MapSiloDashboard(this WebApplication app)
    {
        if (SiloSettings.From(app.Configuration).Dashboard)
        {
            app.MapOrleansDashboard("/dashboard");
        }

        return app;
    }
}
