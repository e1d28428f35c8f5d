namespace MeshCall.Gateway.Hosting;

internal static partial class HostingLog
{
    [LoggerMessage(400, LogLevel.Warning, "Cluster unreachable ({Error}); retrying in {Delay}")]
    public static partial void ClusterUnreachable(ILogger logger, string error, TimeSpan delay);
}
