using Microsoft.Extensions.Options;

namespace MeshCall.Gateway.Sessions;

/// <summary>
/// Proves to every joined session's grain, each interval, that its connection is alive. When this process
/// dies the proofs stop, and the grains hold the sessions for the resume window and then time them out.
/// </summary>
/// <remarks>
/// The sessions are taken in slices spread over the interval: all at once, 10,000 heartbeats every 5 s were a
/// burst that held relayed signals up by over 100 ms (the benchmark's density scenario).
/// </remarks>
public sealed class SessionHeartbeat(GatewayNode node, IOptions<GatewayOptions> options, ILogger<SessionHeartbeat> logger) : BackgroundService
{
    private const int Slices = 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval / Slices);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = stoppingToken };
        for (var slice = 0; await timer.WaitForNextTickAsync(stoppingToken); slice = (slice + 1) % Slices)
        {
            var due = node.Sessions.Where(s => (s.ConnectionId.GetHashCode() & int.MaxValue) % Slices == slice).ToArray();
            await Parallel.ForEachAsync(due, parallel, async (session, _) =>
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
