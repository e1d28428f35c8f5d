using MeshCall.Delivery.Session;
using MeshCall.Gateways;
using MeshCall.Grains;
using MeshCall.Rooms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace MeshCall.Peers;

/// <summary>
/// One participant's session. Its key is the server-assigned peer id; it exists from join until leave or
/// until its connection has been gone for the resume window. Its identity is stored (in Redis in a cluster),
/// so when its silo is lost it is restored on another, with the same peer id, room and connection.
/// </summary>
// Placed on the silo with the fewest activations (of two sampled): rooms and sessions spread evenly, and a silo
// that joins takes new ones until it has caught up.
[Orleans.Placement.ActivationCountBasedPlacement]
[KeepAlive]
public sealed partial class PeerGrain(
    ILogger<PeerGrain> logger,
    IOptions<RoomOptions> roomOptions,
    IOptions<PeerOptions> peerOptions,
    TimeProvider time,
    SiloMetrics metrics,
    GatewayPushes pushes,
    SessionClock clock,
    [FromKeyedServices(MeshCallStorage.Name)] IGrainStorage storage) : Grain, IPeerGrain, IClockedSession
{
    private readonly PeerRoster _roster = new();

    // Made when first needed: an idle session may never need them.
    private DeliveredSignals? _delivered;
    private SessionOutbox? _outbox;
    private bool _joining;
    private GatewayConnection? _connection;
    private GatewayConnection? _lastConnection;
    private DateTimeOffset _lastSeen;
    private DateTimeOffset? _disconnectedSince;
    private bool _onClock;

    // When the silo's clock is next to call (UTC ticks); long.MaxValue when the session is not on the clock.
    private long _due = long.MaxValue;
    private readonly SiloMetrics.Presence _counted = metrics.Peer();

    private PeerId Self => new(this.GetPrimaryKeyString());

    private RoomId? Room => Stored.State.Room;

    private SessionOutbox Outbox => _outbox ??= new SessionOutbox(
        logger, Self.Value, new SessionStream(peerOptions.Value.MaxBufferedSignals, peerOptions.Value.MaxBufferedBytes, metrics.Retention), pushes);

    public async Task<SessionJoinResult> JoinAsync(RoomId room, string name, GatewayConnection connection)
    {
        if (Room is not null || _joining)
        {
            return SessionJoinResult.Failed(JoinStatus.AlreadyJoined);
        }

        // Until the roster is set, roster changes that overtake the room's answer are kept aside (see PeerRoster).
        _joining = true;
        try
        {
            var secret = Stage(room, name, connection);
            var outcome = await AdmitAndStoreAsync(room, name);
            if (!outcome.Admitted)
            {
                return SessionJoinResult.Failed(JoinStatus.RoomFull);
            }

            Stored.State.MaxPeers = outcome.MaxPeers;
            Attach(connection);

            // `joined` lists the room as it answered; changes that overtook that answer (another join racing this
            // one) are pushed now as events, numbered from firstSeq, so the client hears them right after `joined`.
            var firstSeq = _outbox?.Stream.NextSeq ?? EventSeq.First(Stored.State.Epoch);
            _roster.Reset(outcome.Version, outcome.Others);
            StartClock();
            _counted.Set(true);
            return Result(room, outcome.Others, secret, firstSeq);
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

        // `joined` tells this client the room as it is: the copy takes it too, and the client needs no catching up.
        foreach (var gone in _roster.Take(roster.Version, others)?.Left ?? [])
        {
            _delivered?.Forget(gone);
        }

        _clientUnreconciled = false;
        var firstSeq = Outbox.Replay(connection, lastSeq, ConnectionLost);
        var result = Result(room, [.. others], newSecret, firstSeq);
        if (wasAway)
        {
            await TellOthersAsync(PresenceState.Connected);
        }

        return result;
    }

    public async Task LeaveAsync(string connectionId)
    {
        if (Room is not { } room || _connection?.ConnectionId != connectionId)
        {
            return;
        }

        await GrainFactory.GetRoom(room).LeaveAsync(Self, LeaveReason.Left);
        await EndSessionAsync();
    }

    public async Task KickAsync()
    {
        if (Room is not { } room)
        {
            return;
        }

        if (_connection is { } connection)
        {
            _ = connection.Observer.CloseAsync(connection.ConnectionId, CloseReason.Kicked);
        }

        PeerLog.Kicked(logger, Self.Value, room.Value);
        await GrainFactory.GetRoom(room).LeaveAsync(Self, LeaveReason.Kicked);
        await EndSessionAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        StopClock();
        _counted.Set(false);
        _outbox?.Stream.Clear();
        return Task.CompletedTask;
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
    private async Task<RoomJoinOutcome> AdmitAndStoreAsync(RoomId room, string name)
    {
        var admission = GrainFactory.GetRoom(room).JoinAsync(Self, name);
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

    private SessionJoinResult Result(RoomId room, System.Collections.Immutable.ImmutableArray<RoomMember> others, string secret, long firstSeq) =>
        new(JoinStatus.Joined, room, Self, others, $"{Self.Value}.{secret}", Stored.State.MaxPeers, firstSeq);

    private async Task SaveBestEffortAsync()
    {
        try
        {
            await Stored.WriteStateAsync();
        }
        catch (Exception ex)
        {
            // The session goes on; only its restoration after a silo loss would use the older copy.
            PeerLog.SaveFailed(logger, ex, Self.Value);
        }
    }

    private async Task EndSessionAsync()
    {
        _connection = null;
        _disconnectedSince = null;
        await ForgetAsync();
    }


    private async Task ForgetAsync()
    {
        _counted.Set(false);
        Stored.State = new PeerSessionState();
        _roster.Clear();
        _delivered = null;
        _outbox?.Stream.Clear();
        StopClock();
        try
        {
            await Stored.ClearStateAsync();
        }
        catch (Exception ex)
        {
            PeerLog.SaveFailed(logger, ex, Self.Value);
        }

        DeactivateOnIdle();
    }
}
