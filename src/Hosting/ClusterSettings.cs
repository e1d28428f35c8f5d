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

    public void RequireRedis()
    {
        if (IsRedis && string.IsNullOrWhiteSpace(Redis))
        {
            throw new InvalidOperationException("Cluster:Provider=Redis needs a Cluster:Redis connection string.");
        }
    }
}

/// <summary>Configuration section <c>Silo</c>: this silo's own endpoints.</summary>
public sealed class SiloSettings
{
    public const string Section = "Silo";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo on.</summary>
    public string AdvertisedIP { get; set; } = "127.0.0.1";

    /// <summary>With <c>Provider=Localhost</c>, the silo port of the first silo, for a local multi-silo cluster.</summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary>Serve the Orleans dashboard at <c>/dashboard</c> (it profiles every grain call; a benchmark turns it off).</summary>
    public bool Dashboard { get; set; } = true;

    public static SiloSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<SiloSettings>() ?? new SiloSettings();
}
