using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Grains.Peers;

/// <summary>
/// A session's copy of its room's roster, kept by the room's numbered changes, and what its client is told of it:
/// every difference reaches the client as an ordinary peer-joined or peer-left event. How a session that missed
/// changes catches up is in PeerGrain.CatchUp.cs.
/// </summary>
public sealed partial class PeerGrain
{
    /// <summary>
    /// The reason given for a member found gone by a re-read: the room keeps no record of why, and <c>left</c>
    /// claims least (<c>timeout</c> would say it lost its connection, <c>kicked</c> that someone removed it).
    /// </summary>
    private const LeaveReason VanishedReason = LeaveReason.Left;

    public Task OnPeerJoinedAsync(long rosterVersion, RoomMember member)
    {
        if (Room is null && !_joining)
        {
            return Task.CompletedTask;
        }

        _roster.TryApply(rosterVersion, () =>
        {
            if (_roster.Add(member))
            {
                Push(Joined(member));
            }
        }, _joining);
        ResyncIfStale();
        return Task.CompletedTask;
    }

    public Task OnPeerLeftAsync(long rosterVersion, PeerId peer, LeaveReason reason)
    {
        if (Room is null && !_joining)
        {
            return Task.CompletedTask;
        }

        if (peer == Self)
        {
            // Only a kick tells the member itself: the room has removed it already.
            _ = EndRemovedAsync();
            return Task.CompletedTask;
        }

        _roster.TryApply(rosterVersion, () =>
        {
            if (_roster.Remove(peer))
            {
                _delivered?.Forget(peer);
                Push(new PeerLeftEvent(peer, reason));
            }
        }, _joining);
        ResyncIfStale();
        return Task.CompletedTask;
    }

    public Task WakeAsync(RoomId room, long rosterVersion)
    {
        if (Room == room)
        {
            if (!_joining && _roster.IsBehind(rosterVersion))
            {
                _ = ResyncAsync();
            }
        }
        else if (Room is null && !_joining)
        {
            // The room counts this peer but no session of it was stored: its silo died between the room admitting it
            // and the session being written, and its client was told the join failed. Nobody else would remove it.
            PeerLog.Abandoned(logger, Self.Value, room.Value);
            _ = LeaveAbandonedAsync(room);
        }

        return Task.CompletedTask;
    }

    public Task<bool> HasMemberAsync(PeerId peer) => Task.FromResult(Room is not null && !_joining && _roster.Contains(peer));

    /// <summary>Whether <paramref name="peer"/> is in this session's room, asking the room when the copy does not know it.</summary>
    private async ValueTask<bool> KnowsAsync(PeerId peer)
    {
        if (Room is null || _joining)
        {
            return false;
        }

        if (_roster.Contains(peer))
        {
            return true;
        }

        // Its gateway relays only to members of its room, so either this copy missed that peer's join, or the peer
        // left a moment ago. Only the room can say which; concurrent askers share one read.
        await ResyncAsync();
        return _roster.Contains(peer);
    }

    private void TellClient(IReadOnlyList<RoomMember> joined, IReadOnlyList<PeerId> left, IReadOnlyList<(RoomMember Was, RoomMember Now)>? updated = null)
    {
        if (joined.Count + left.Count + (updated?.Count ?? 0) > 0)
        {
            PeerLog.RosterCaughtUp(logger, Self.Value, joined.Count, left.Count);
        }

        foreach (var peer in left)
        {
            _delivered?.Forget(peer);
            Push(new PeerLeftEvent(peer, VanishedReason));
        }

        foreach (var member in joined)
        {
            Push(Joined(member));
        }

        foreach (var (was, now) in updated ?? [])
        {
            TellChange(was, now);
        }
    }

    private async Task LeaveAbandonedAsync(RoomId room)
    {
        try
        {
            await GrainFactory.GetRoom(room).LeaveAsync(Self, LeaveReason.Left);
        }
        catch (Exception ex)
        {
            // The room's next wake asks again.
            PeerLog.RoomUnreachable(logger, ex, Self.Value, room.Value);
        }

        DeactivateOnIdle();
    }
}
