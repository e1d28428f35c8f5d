using Microsoft.Extensions.Options;

namespace MeshCall.Gateway.Sessions;

/// <summary>
/// Proves to every joined session's grain, each interval, that its connection is alive. When this process
/// dies the proofs stop, and the grains hold the sessions for the resume window and then time them out.
/// </summary>
/// <remarks>
/// The sessions are taken in slices spread over the interval: all at once, 10,000 heartbeats every 5 s were a
/// burst that held relayed signals up by over 100 ms (the benchmark's density scenario). A slice is not waited
/// for: a heartbeat to a silo that just died hangs until the call times out, and must not hold up the others.
/// </remarks>
public sealed class SessionHeartbeat(GatewayNode node, IOptions<GatewayOptions> options, ILogger<SessionHeartbeat> logger) : BackgroundService
{
    private const int Slices = 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval / Slices);
        for (var slice = 0; await timer.WaitForNextTickAsync(stoppingToken); slice = (slice + 1) % Slices)
        {
            foreach (var session in node.Sessions)
            {
                if ((session.ConnectionId.GetHashCode() & int.MaxValue) % Slices == slice)
                {
                    _ = BeatAsync(session);
                }
            }
        }
    }

    private async Task BeatAsync(MeshSession session)
    {
        try
        {
            await session.HeartbeatAsync();
        }
        catch (Exception ex)
        {
            SessionLog.HeartbeatFailed(logger, ex, session.ConnectionId);
        }
    }
}
