using System.Diagnostics;
using MeshCall.Contracts;
using MeshCall.Contracts.Peers;

namespace MeshCall.Gateway.Sessions;

/// <summary>
/// One connection's heartbeat to its peer grain: proves the connection alive, tells the session what this gateway
/// has and what the client acknowledged, takes back what a push lost, and acts on the session's answer.
/// </summary>
internal sealed class SessionBeat(MeshSession session)
{
    private long _sentAt;

    /// <summary>
    /// One at a time, but an answer that has not come within an interval (the call hangs on a silo that just died, for
    /// up to the response timeout) no longer holds up the next: the session, restored elsewhere, needs a heartbeat
    /// within three.
    /// </summary>
    public async Task BeatAsync()
    {
        var inFlight = Volatile.Read(ref _sentAt);
        var now = Stopwatch.GetTimestamp();
        if (!session.IsJoined
            || (inFlight != 0 && Stopwatch.GetElapsedTime(inFlight, now) < session.Context.Options.HeartbeatInterval)
            || Interlocked.CompareExchange(ref _sentAt, now, inFlight) != inFlight)
        {
            return;
        }

        try
        {
            await BeatOnceAsync();
        }
        finally
        {
            Interlocked.CompareExchange(ref _sentAt, 0, now);
        }
    }

    private async Task BeatOnceAsync()
    {
        var (receivedUpTo, ackedUpTo) = session.Stream.Cursors();
        var reply = await session.Context.Grains.GetPeer(session.PeerId!.Value).HeartbeatAsync(session.ConnectionId, receivedUpTo, ackedUpTo);
        foreach (var numbered in reply.Unconfirmed)
        {
            session.Receive(numbered);
        }

        if (reply.Status == SessionStatus.Replaced)
        {
            session.Close(CloseReason.Replaced);
        }
        else if (reply.Status == SessionStatus.Gone)
        {
            session.Ended();
            session.Close(null);
        }
    }
}
