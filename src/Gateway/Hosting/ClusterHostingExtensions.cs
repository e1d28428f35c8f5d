using MeshCall.Hosting;
using Orleans.Configuration;

namespace MeshCall.Gateway.Hosting;

internal static class ClusterHostingExtensions
{
    /// <summary>
    /// <c>Cluster:Provider=Embedded</c> (the default) hosts a silo in this process, so one command runs a whole
    /// cluster; <c>Localhost</c> and <c>Redis</c> make this gateway an Orleans client of separate silos.
    /// </summary>
    public static void AddMeshCallCluster(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var cluster = ClusterSettings.From(configuration);
        if (IsEmbedded(configuration))
        {
            builder.UseMeshCallSilo(readinessCheck: "cluster", localhostOnly: true);
            return;
        }

        cluster.RequireRedis();
        builder.UseOrleansClient(client =>
        {
            if (cluster.IsRedis)
            {
                client.UseRedisClustering(cluster.Redis!);
            }
            else
            {
                client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            }

            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = FailureDetection.ResponseTimeout);
            client.Configure<ClusterOptions>(cluster.ApplyTo);
        });
        builder.Services.AddSingleton<IClientConnectionRetryFilter, ClusterConnectionRetry>();
        builder.Services.AddReadinessCheck<ClusterClientReadinessCheck>("cluster");
    }

    /// <summary>The embedded silo's Orleans dashboard at <c>/dashboard</c>, when it has one (<c>Silo:Dashboard</c>).</summary>
    public static WebApplication MapEmbeddedSiloDashboard(this WebApplication app) =>
        IsEmbedded(app.Configuration) ? app.MapSiloDashboard() : app;

    private static bool IsEmbedded(IConfiguration configuration) =>
        string.Equals(ClusterSettings.From(configuration).Provider, "Embedded", StringComparison.OrdinalIgnoreCase);
}
