using System.Net;
using MeshCall.Grains;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Persistence;
using Orleans.Serialization;
using Orleans.Storage;
using StackExchange.Redis;

namespace MeshCall.Hosting;

public static class SiloClusteringExtensions
{
    private static void UseOrleansFormat(IStorageProviderSerializerOptions options, Serializer serializer) =>
        options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);

    /// <summary>Set by the Kubernetes manifests (the downward API) and by Kubernetes itself.</summary>
    private static bool InKubernetesPod =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("POD_NAME")) && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"));

    /// <summary>How long a dead entry of a Redis-stored room or session may linger when nothing clears it.</summary>
    private static readonly TimeSpan StoredStateExpiry = TimeSpan.FromDays(7);

    /// <summary>
    /// Joins the cluster named by <c>Cluster:*</c> on the endpoints of <c>Silo:*</c>, and keeps rooms and
    /// sessions where they survive a silo: in the same Redis as the membership, or in memory when alone.
    /// </summary>
    /// <param name="localhostOnly">An embedded silo always uses development clustering, whatever the provider says.</param>
    /// <exception cref="InvalidOperationException"><c>Silo:SiloPort</c> or <c>Silo:GatewayPort</c> is taken (outside Kubernetes).</exception>
    public static ISiloBuilder UseMeshCallClustering(this ISiloBuilder silo, IConfiguration configuration, bool localhostOnly = false)
    {
        var cluster = ClusterSettings.From(configuration);
        var endpoints = SiloSettings.From(configuration);
        if (!localhostOnly && cluster.IsRedis)
        {
            cluster.RequireRedis();
            silo.UseRedisClustering(cluster.Redis!);
            if (InKubernetesPod)
            {
                // Endpoints from POD_IP, cluster and service ids from the pod's labels, and dead silos' pods deleted.
                silo.UseKubernetesHosting();
            }
            else
            {
                SiloPorts.EnsureFree(IPAddress.Any, endpoints);
                silo.ConfigureEndpoints(IPAddress.Parse(endpoints.AdvertisedIP), endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: true);
            }

            silo.AddRedisGrainStorage(MeshCallStorage.Name, options =>
            {
                options.ConfigurationOptions = ConfigurationOptions.Parse(cluster.Redis!);
                options.DeleteStateOnClear = true;
                options.EntryExpiry = StoredStateExpiry;
            });
        }
        else
        {
            SiloPorts.EnsureFree(IPAddress.Loopback, endpoints);
            var primary = endpoints.PrimarySiloPort is { } port ? new IPEndPoint(IPAddress.Loopback, port) : null;
            silo.UseLocalhostClustering(endpoints.SiloPort, endpoints.GatewayPort, primary, cluster.ServiceId, cluster.ClusterId);
            silo.AddMemoryGrainStorage(MeshCallStorage.Name);
            if (primary is null)
            {
                // A silo on its own finds every grain in its own directory, so a cache of where grains live only costs.
                // Its tables are sized for a million grains (9.3 MB each, and one stays without a cache: CacheSize
                // sizes it). Without them an idle peer cost 25.8–30.5 KiB instead of 34.2–34.7 (density benchmark,
                // 3,000 peers, alternated runs).
                silo.Configure<GrainDirectoryOptions>(o =>
                {
                    o.CachingStrategy = GrainDirectoryOptions.CachingStrategyType.None;
                    o.CacheSize = 1_000;
                });
            }
        }

        WebhookReminders.AddWhenNeeded(silo, configuration, cluster, inMemory: localhostOnly || !cluster.IsRedis);

        // Stored state in Orleans' own binary format: the default JSON serializer (Newtonsoft) took a fifth of an
        // embedded node's CPU in a join storm. The state types are [GenerateSerializer] with stable ids.
        silo.Services.AddOptions<RedisStorageOptions>(MeshCallStorage.Name).Configure<Serializer>(UseOrleansFormat);
        silo.Services.AddOptions<MemoryGrainStorageOptions>(MeshCallStorage.Name).Configure<Serializer>(UseOrleansFormat);

        if (!InKubernetesPod)
        {
            silo.Configure<ClusterOptions>(cluster.ApplyTo);
        }

        silo.Services.AddOptions<ClusterMembershipOptions>().Configure(FailureDetection.Apply).BindConfiguration(FailureDetection.MembershipSection);
        silo.Services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Membership, (_, _) => new MembershipClock());
        silo.Services.AddOptions<SiloMessagingOptions>().Configure(o => o.ResponseTimeout = FailureDetection.ResponseTimeout);
        return silo;
    }
}
