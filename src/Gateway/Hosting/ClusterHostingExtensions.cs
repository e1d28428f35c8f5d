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
        var health = builder.Services.AddHealthChecks();
        if (string.Equals(cluster.Provider, "Embedded", StringComparison.OrdinalIgnoreCase))
        {
            builder.UseOrleans(silo => silo.UseMeshCallClustering(configuration, localhostOnly: true).AddMeshCallGrains());
            health.AddCheck<SiloReadinessCheck>("cluster", tags: ["ready"]);
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
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
        });
        builder.Services.AddSingleton<IClientConnectionRetryFilter, ClusterConnectionRetry>();
        health.AddCheck<ClusterClientReadinessCheck>("cluster", tags: ["ready"]);
    }
}
