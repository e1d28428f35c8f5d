using Microsoft.Extensions.Options;

namespace MeshCall.Gateway.Sessions;

/// <summary>
/// Proves to every joined session's grain, each interval, that its connection is alive. When this process
/// dies the proofs stop, and the grains hold the sessions for the resume window and then time them out.
/// </summary>
public sealed class SessionHeartbeat(GatewayNode node, IOptions<GatewayOptions> options, ILogger<SessionHeartbeat> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = stoppingToken };
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await Parallel.ForEachAsync(node.Sessions.ToArray(), parallel, async (session, _) =>
            {
                try
                {
                    await session.HeartbeatAsync();
                }
                catch (Exception ex)
                {
                    SessionLog.HeartbeatFailed(logger, ex, session.ConnectionId);
                }
            });
        }
    }
}
