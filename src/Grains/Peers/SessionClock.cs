using System.Collections.Concurrent;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;
using MeshCall.Grains.Rooms;
using Microsoft.Extensions.Options;

namespace MeshCall.Grains.Peers;

/// <summary>
/// The silo's one clock for its sessions' silence checks. A grain timer each cost an idle session 440 bytes (the timer,
/// its callback, the activation's timer set); here a session is one entry, and says when it next wants checking. Every
/// tick the clock looks over its sessions and calls those that are due, which a session connected and heartbeating
/// never is.
/// </summary>
public sealed partial class SessionClock(IGrainFactory grains, IOptions<RoomOptions> options, TimeProvider time, ILogger<SessionClock> logger) : IDisposable
{
    /// <summary>Ticks after which a session is called again if its check has not run (a one-way call can be lost).</summary>
    private const int RetryTicks = 10;

    private readonly ConcurrentDictionary<PeerGrain, bool> _sessions = new();
    private ITimer? _timer;
    private int _started;

    /// <summary>How often the clock looks: the precision of a resume window, a tenth of it (at least 100 ms).</summary>
    public TimeSpan Tick => TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 100, options.Value.ResumeWindow.Ticks / 10));

    public void Add(PeerGrain session)
    {
        _sessions.TryAdd(session, true);
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _timer = time.CreateTimer(_ => Look(), null, Tick, Tick);
        }
    }

    public void Remove(PeerGrain session) => _sessions.TryRemove(session, out _);

    public void Dispose() => _timer?.Dispose();

    private void Look()
    {
        var now = time.GetUtcNow().UtcTicks;
        var retry = now + (Tick * RetryTicks).Ticks;

        // The dictionary's own enumerator: Keys would copy every session into a list on each tick.
        foreach (var (session, _) in _sessions)
        {
            if (session.TakeIfDue(now, retry) is { } peer)
            {
                _ = CallAsync(peer);
            }
        }
    }

    private async Task CallAsync(string peer)
    {
        try
        {
            await grains.GetGrain<IClockedSession>(peer).TickAsync();
        }
        catch (Exception ex)
        {
            // The silo is stopping, or the session's activation is going: its next activation starts its own clock.
            LogTickFailed(logger, ex, peer);
        }
    }

    [LoggerMessage(213, LogLevel.Debug, "Clock could not reach session {Peer}")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, string peer);
}
