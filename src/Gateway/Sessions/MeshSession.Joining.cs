using MeshCall.Contracts.Rooms;
using MeshCall.Gateway.Protocol;

namespace MeshCall.Gateway.Sessions;

/// <summary>
/// A connection on its way into a room: the join deadline, and the wait in a room's lobby (see <see cref="SessionLobby"/>),
/// during which the connection has no session: its other requests are answered <c>not-joined</c>.
/// </summary>
public sealed partial class MeshSession
{
    private LobbyWait? _waiting;

    /// <summary>The lobby this connection's join waits in, or null.</summary>
    internal LobbyWait? Waiting => _waiting;

    /// <summary>Closes the connection if it has not joined by then: an idle socket only holds resources.</summary>
    public void StartJoinDeadline(TimeSpan deadline) =>
        _ = Task.Delay(deadline).ContinueWith(
            _ =>
            {
                bool idle;
                lock (_lock)
                {
                    _deadlinePassed = true;
                    idle = _session is null && !_lost && !_joining && _waiting is null;
                }

                if (idle)
                {
                    CloseForAbuse(Abuse.NoJoin);
                }
            },
            TaskScheduler.Default);

    /// <summary>A join starts; until it ends, the join deadline does not close the connection.</summary>
    internal void JoinStarting()
    {
        lock (_lock)
        {
            _joining = true;
        }
    }

    /// <summary>A join ended; one that failed after the deadline passed closes the connection then (one waiting in a lobby waits on).</summary>
    internal void JoinEnded()
    {
        bool late;
        lock (_lock)
        {
            _joining = false;
            late = _deadlinePassed && _session is null && !_lost && _waiting is null;
        }

        if (late)
        {
            CloseForAbuse(Abuse.NoJoin);
        }
    }

    /// <summary>The join waits in a lobby; false when the connection ended meanwhile (its end found nothing to withdraw).</summary>
    internal bool TryWait(LobbyWait wait)
    {
        lock (_lock)
        {
            if (_lost)
            {
                return false;
            }

            _waiting = wait;
            return true;
        }
    }

    /// <summary>Ends the wait (<paramref name="wait"/> only, or any when null); null when it has ended already.</summary>
    internal LobbyWait? TakeWait(LobbyWait? wait)
    {
        lock (_lock)
        {
            return TakeWaitLocked(wait);
        }
    }

    /// <summary>
    /// A wait that ended without a session (denied, refused at admission, lost): the client may join again, and has the
    /// join deadline's time again to do it if it had passed meanwhile, since denying closes nothing.
    /// </summary>
    internal void WaitEnded()
    {
        bool restart;
        lock (_lock)
        {
            restart = _deadlinePassed && _session is null && !_lost;
            _deadlinePassed = false;
        }

        if (restart)
        {
            StartJoinDeadline(Context.Options.JoinDeadline);
        }
    }

    private LobbyWait? TakeWaitLocked(LobbyWait? wait)
    {
        var taken = _waiting;
        if (taken is null || (wait is not null && !ReferenceEquals(taken, wait)))
        {
            return null;
        }

        _waiting = null;
        return taken;
    }
}

/// <summary>
/// A join waiting in <see cref="Room"/>'s lobby under <see cref="LobbyId"/>: the request's <see cref="RequestId"/>, which
/// its final answer carries, and the <see cref="Entry"/> it joins with once admitted. <see cref="Admitted"/> is set once
/// a moderator has admitted it (its join is then under way).
/// </summary>
internal sealed class LobbyWait(RoomId room, string lobbyId, byte[]? requestId, MemberEntry entry)
{
    public RoomId Room { get; } = room;

    public string LobbyId { get; } = lobbyId;

    public byte[]? RequestId { get; } = requestId;

    public MemberEntry Entry { get; } = entry;

    public bool Admitted { get; set; }
}
