namespace MeshCall.Gateway.Hosting;

/// <summary>A gateway may start before any silo: keep trying to reach the cluster instead of exiting.</summary>
internal sealed class ClusterConnectionRetry(ILogger<ClusterConnectionRetry> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        HostingLog.ClusterUnreachable(logger, exception.GetType().Name, Delay);
        await Task.Delay(Delay, cancellationToken);
        return !cancellationToken.IsCancellationRequested;
    }
}
