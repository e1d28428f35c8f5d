using Orleans.Configuration;

namespace MeshCall.Hosting;

/// <summary>Configuration section <c>Cluster</c>: how a process finds the rest of the cluster.</summary>
public sealed class ClusterSettings
{
    public const string Section = "Cluster";

    /// <summary><c>Localhost</c> (development clustering on 127.0.0.1) or <c>Redis</c>; a gateway also accepts <c>Embedded</c>.</summary>
    public string Provider { get; set; } = "Localhost";

    /// <summary>StackExchange.Redis connection string, for <c>Provider=Redis</c>.</summary>
    public string? Redis { get; set; }

    public string ClusterId { get; set; } = "meshcall";

    public string ServiceId { get; set; } = "meshcall";

    /// <summary>Silo gateway port an Orleans client dials with <c>Provider=Localhost</c>.</summary>
    public int GatewayPort { get; set; } = 30000;

    public bool IsRedis => string.Equals(Provider, "Redis", StringComparison.OrdinalIgnoreCase);

    public static ClusterSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<ClusterSettings>() ?? new ClusterSettings();

    /// <summary>Names the cluster and the service for Orleans, on a silo and on a client alike.</summary>
    public void ApplyTo(ClusterOptions options)
    {
        options.ClusterId = ClusterId;
        options.ServiceId = ServiceId;
    }

    public void RequireRedis()
    {
        if (IsRedis && string.IsNullOrWhiteSpace(Redis))
        {
            throw new InvalidOperationException("Cluster:Provider=Redis needs a Cluster:Redis connection string.");
        }
    }
}
