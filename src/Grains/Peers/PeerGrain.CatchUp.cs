using MeshCall.Contracts;
using MeshCall.Contracts.Gateways;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Grains.Peers;

/// <summary>
/// How a session that missed roster changes catches up. After a change it missed (a failed notification, a silo
/// lost) it reads the room again; after its own silo was lost it asks its client's gateway what the client knows,
/// since its copy was rebuilt from the room and not from what the client was told.
/// </summary>
public sealed partial class PeerGrain
{
    private Task? _resync;
    private bool _resyncAgain;
    private bool _clientUnreconciled;
    private bool _reconciling;

    private void ResyncIfStale()
    {
        if (_roster.Stale && !_joining)
        {
            _ = ResyncAsync();
        }
    }

    /// <summary>
    /// Reads the room's roster and pushes the client the differences. One at a time; asked again meanwhile, it reads
    /// once more after (the answer in flight may predate what prompted the ask). Not awaited by the roster
    /// callbacks that start it: the room may be waiting on them, and its roster interleaves, so nothing blocks.
    /// </summary>
    private Task ResyncAsync()
    {
        if (_resync is { IsCompleted: false } running)
        {
            _resyncAgain = true;
            return running;
        }

        return _resync = RunResyncAsync();
    }

    private async Task RunResyncAsync()
    {
        do
        {
            _resyncAgain = false;
            if (Room is not { } room)
            {
                return;
            }

            RoomRoster roster;
            try
            {
                roster = await GrainFactory.GetRoom(room).GetRosterAsync();
            }
            catch (Exception ex)
            {
                // Stays stale: the next change, heartbeat or wake tries again.
                PeerLog.RoomUnreachable(logger, ex, Self.Value, room.Value);
                return;
            }

            if (Room != room || _joining)
            {
                return;
            }

            if (!roster.Members.Any(m => m.PeerId == Self))
            {
                // The room ended this session (the same check as a restore's): nothing it could tell the client holds.
                await ForgetAsync();
                return;
            }

            if (_roster.Take(roster.Version, roster.Members.Where(m => m.PeerId != Self)) is { } changes)
            {
                TellClient(changes.Joined, changes.Left, changes.Updated);
                TellOwnRole(roster.Members.First(m => m.PeerId == Self).Role);
            }
        }
        while (_resyncAgain);
    }

    /// <summary>
    /// After a restore the copy came from the room, not from what the client was told: the client's gateway says
    /// what it knows, and the client is told the difference. Not awaited by the activation (that gateway may be dead
    /// too); a failed ask is repeated on the connection's next heartbeat.
    /// </summary>
    private async Task ReconcileClientAsync(GatewayConnection connection)
    {
        if (_reconciling)
        {
            return;
        }

        _reconciling = true;
        try
        {
            var known = await connection.Observer.KnownPeersAsync(connection.ConnectionId, Self).WaitAsync(SessionOutbox.PushTimeout(connection));
            _clientUnreconciled = false;
            if (known is not { } told)
            {
                // That gateway no longer has the connection (or it has joined as another peer since): its client will
                // resume, and `joined` lists the room.
                ConnectionLost(connection);
                return;
            }

            if (Room is null)
            {
                return;
            }

            // Events pushed since the restore may or may not be in `told`; the differences are taken against the copy
            // as it is now, so at worst the client hears a change twice, never one that is not so.
            var knownSet = told.ToHashSet();
            TellClient(
                [.. _roster.Members.Where(m => !knownSet.Contains(m.PeerId))],
                [.. knownSet.Where(p => !_roster.Contains(p))]);
        }
        catch (Exception ex)
        {
            PeerLog.ReconcileFailed(logger, ex, Self.Value, connection.GatewayId);
        }
        finally
        {
            _reconciling = false;
        }
    }

    /// <summary>On a heartbeat, the proof that the connection's gateway is reachable: retries what a failure left undone.</summary>
    private void CatchUpOnHeartbeat(GatewayConnection connection)
    {
        if (_clientUnreconciled)
        {
            _ = ReconcileClientAsync(connection);
        }

        ResyncIfStale();
    }
}
