using System.Diagnostics;
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
/// A late tick (a busy process, a pause) takes every slice it skipped, so no session misses its turn.
/// </remarks>
public sealed class SessionHeartbeat(SessionRegistry sessions, IOptions<GatewayOptions> options, ILogger<SessionHeartbeat> logger) : BackgroundService
{
    public const int Slices = 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var slice = options.Value.HeartbeatInterval / Slices;
        using var timer = new PeriodicTimer(slice);
        var started = Stopwatch.GetTimestamp();
        long next = 0;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var due = (long)(Stopwatch.GetElapsedTime(started) / slice);
            var from = Math.Max(next, due - Slices + 1);
            Beat(from, due);
            next = due + 1;
        }
    }

    /// <summary>Heartbeats the sessions of slices <paramref name="first"/> to <paramref name="last"/>, at most one round.</summary>
    private void Beat(long first, long last)
    {
        foreach (var session in sessions.All)
        {
            if (IsDue(SliceOf(session.ConnectionId), first, last))
            {
                _ = BeatAsync(session);
            }
        }
    }

    public static int SliceOf(string connectionId) => (connectionId.GetHashCode() & int.MaxValue) % Slices;

    /// <summary>Whether a session in <paramref name="slice"/> has its turn in ticks <paramref name="first"/> to <paramref name="last"/>.</summary>
    public static bool IsDue(int slice, long first, long last)
    {
        var turn = first + ((slice - first % Slices) + Slices) % Slices;
        return turn <= last;
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
