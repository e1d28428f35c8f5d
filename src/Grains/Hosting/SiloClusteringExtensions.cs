using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace MeshCall.Hosting;

public static class SiloClusteringExtensions
{
    /// <summary>Joins the cluster named by <c>Cluster:*</c> on the endpoints of <c>Silo:*</c>.</summary>
    /// <param name="localhostOnly">An embedded silo always uses development clustering, whatever the provider says.</param>
    public static ISiloBuilder UseMeshCallClustering(this ISiloBuilder silo, IConfiguration configuration, bool localhostOnly = false)
    {
        var cluster = ClusterSettings.From(configuration);
        var endpoints = SiloSettings.From(configuration);
        if (!localhostOnly && cluster.IsRedis)
        {
            cluster.RequireRedis();
            silo.UseRedisClustering(cluster.Redis!);
            silo.ConfigureEndpoints(IPAddress.Parse(endpoints.AdvertisedIP), endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            var primary = endpoints.PrimarySiloPort is { } port ? new IPEndPoint(IPAddress.Loopback, port) : null;
            silo.UseLocalhostClustering(endpoints.SiloPort, endpoints.GatewayPort, primary, cluster.ServiceId, cluster.ClusterId);
        }

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        return silo;
    }
}
