using System.Collections.Immutable;
using MeshCall.Contracts;
using MeshCall.Contracts.Gateways;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Grains.Peers;

/// <summary>
/// How a session begins: a fresh join that its room admits and that is stored before it counts, and a resume that
/// gives a returning client its session back with what it has not read.
/// </summary>
public sealed partial class PeerGrain
{
    public Task<SessionJoinResult> JoinAsync(RoomId room, string name, GatewayConnection connection) =>
        JoinAsync(room, new MemberEntry(name), connection);

    public async Task<SessionJoinResult> JoinAsync(RoomId room, MemberEntry entry, GatewayConnection connection)
    {
        if (Room is not null || _joining)
        {
            return SessionJoinResult.Failed(JoinStatus.AlreadyJoined);
        }

        // Until the roster is set, roster changes that overtake the room's answer are kept aside (see PeerRoster).
        _joining = true;
        try
        {
            var secret = Stage(room, entry.Name, connection);
            var outcome = await AdmitAndStoreAsync(room, entry with { Connection = connection });
            if (!outcome.Admitted)
            {
                return outcome.LobbyId is { } lobbyId
                    ? SessionJoinResult.Waiting(lobbyId)
                    : SessionJoinResult.Failed(outcome.Denied ? JoinStatus.Denied : outcome.Locked ? JoinStatus.RoomLocked : JoinStatus.RoomFull);
            }

            Stored.State.MaxPeers = outcome.MaxPeers;
            Attach(connection);

            // `joined` lists the room as it answered; changes that overtook that answer (another join racing this
            // one) are pushed now as events, numbered from firstSeq, so the client hears them right after `joined`.
            var firstSeq = _outbox?.Stream.NextSeq ?? EventSeq.First(Stored.State.Epoch);
            _role = outcome.Role;
            _roster.Reset(outcome.Version, outcome.Others);
            StartClock();
            _counted.Set(true);
            TellKnocksOnJoin(outcome.Knocks);
            return Result(room, outcome.Others, secret, firstSeq, outcome.Settings);
        }
        catch
        {
            // A join that failed (the cluster or storage could not serve it) must not leave an activation behind.
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            _joining = false;
            _heldKnocks = null;
        }
    }

    public async Task<SessionJoinResult> ResumeAsync(RoomId requested, string secret, GatewayConnection connection, long? lastSeq)
    {
        // A token named with the wrong room is refused before it is spent: whoever holds it can still use it.
        if (Room is not { } room || room != requested || !Stored.State.SecretMatches(secret))
        {
            if (Room is null)
            {
                DeactivateOnIdle();
            }

            return SessionJoinResult.Failed(JoinStatus.ResumeExpired);
        }

        if (_connection is { } old && old.ConnectionId != connection.ConnectionId)
        {
            _ = old.Observer.CloseAsync(old.ConnectionId, CloseReason.Replaced);
        }

        var wasAway = _disconnectedSince is not null;
        var newSecret = Stored.State.NewSecret();
        Stored.State.Connection = connection;
        await SaveBestEffortAsync();
        Attach(connection);
        metrics.Resumed();
        PeerLog.Resumed(logger, Self.Value, connection.GatewayId);
        var roster = await GrainFactory.GetRoom(room).GetRosterAsync();
        var others = roster.Members.Where(m => m.PeerId != Self).ToList();
        _role = roster.Members.FirstOrDefault(m => m.PeerId == Self)?.Role ?? _role;

        // `joined` tells this client the room as it is: the copy takes it too, and the client needs no catching up.
        foreach (var gone in _roster.Take(roster.Version, others)?.Left ?? [])
        {
            _delivered?.Forget(gone);
        }

        _clientUnreconciled = false;
        var firstSeq = Outbox.Replay(connection, lastSeq, ConnectionLost);
        var result = Result(room, [.. others], newSecret, firstSeq, roster.Settings);
        if (wasAway)
        {
            await TellOthersAsync(PresenceState.Connected);
        }

        return result;
    }

    /// <summary>The session as it is stored when its room admits it; returns its resume secret.</summary>
    private string Stage(RoomId room, string name, GatewayConnection connection)
    {
        Stored.State.Room = room;
        Stored.State.Name = name;
        Stored.State.Connection = connection;

        // The room's own setting comes with its answer; they differ only while silos run different configurations.
        Stored.State.MaxPeers = roomOptions.Value.MaxPeers;
        return Stored.State.NewSecret();
    }

    /// <summary>
    /// Asks the room to admit the session and stores the session meanwhile: one storage round trip on the join's path
    /// instead of two in a row. A session that cannot be stored would not survive its silo, so the join is refused
    /// whole (the room lets it go again); a join the room refuses or fails leaves nothing stored.
    /// </summary>
    /// <remarks>
    /// A silo lost between the two writes leaves either a room member with no session (the room's next wake makes it
    /// leave, see <see cref="WakeAsync"/>) or a stored session outside its room (restored, it finds itself gone from
    /// the roster and ends; if never called again, storage lets it expire).
    /// </remarks>
    private async Task<RoomJoinOutcome> AdmitAndStoreAsync(RoomId room, MemberEntry entry)
    {
        var admission = GrainFactory.GetRoom(room).JoinAsync(Self, entry);
        var store = Stored.WriteStateAsync();
        try
        {
            await Task.WhenAll(admission, store);
        }
        catch
        {
            if (store.IsFaulted && admission is { IsCompletedSuccessfully: true, Result.Admitted: true })
            {
                await GrainFactory.GetRoom(room).LeaveAsync(Self, LeaveReason.Left);
            }

            await ForgetAsync();
            throw;
        }

        if (!admission.Result.Admitted)
        {
            await ForgetAsync();
        }

        return admission.Result;
    }

    private SessionJoinResult Result(RoomId room, ImmutableArray<RoomMember> others, string secret, long firstSeq, RoomSettings settings) =>
        new(JoinStatus.Joined, room, Self, others, $"{Self.Value}.{secret}", Stored.State.MaxPeers, firstSeq, _role, settings);
}
