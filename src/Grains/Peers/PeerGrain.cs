using System.Security.Cryptography;
using System.Text;
using MeshCall.Gateways;
using MeshCall.Rooms;
using Microsoft.Extensions.Options;

namespace MeshCall.Peers;

/// <summary>
/// One participant's session. Its key is the server-assigned peer id; it exists from join until leave or
/// until its connection has been gone for the resume window.
/// </summary>
[KeepAlive]
public sealed class PeerGrain(
    ILogger<PeerGrain> logger,
    IOptions<RoomOptions> roomOptions,
    IOptions<PeerOptions> peerOptions,
    TimeProvider time) : Grain, IPeerGrain
{
    /// <summary>Heartbeats a gateway may miss before its connection counts as dropped.</summary>
    private const int MissedHeartbeats = 3;

    private readonly PeerRoster _roster = new();
    private SessionOutbox? _outbox;
    private RoomId? _room;
    private bool _joining;
    private GatewayConnection? _connection;
    private GatewayConnection? _lastConnection;
    private DateTimeOffset _lastSeen;
    private DateTimeOffset? _disconnectedSince;
    private string _resumeSecret = string.Empty;
    private int _maxPeers;
    private IGrainTimer? _timer;

    private PeerId Self => new(this.GetPrimaryKeyString());

    private SessionOutbox Outbox => _outbox ??= new SessionOutbox(logger, Self.Value, peerOptions.Value.MaxBufferedSignals);

    public async Task<SessionJoinResult> JoinAsync(RoomId room, string name, GatewayConnection connection)
    {
        if (_room is not null || _joining)
        {
            return SessionJoinResult.Failed(JoinStatus.AlreadyJoined);
        }

        _joining = true;
        RoomJoinOutcome outcome;
        try
        {
            outcome = await GrainFactory.GetRoom(room).JoinAsync(Self, name);
        }
        finally
        {
            _joining = false;
        }

        if (!outcome.Admitted)
        {
            _roster.Clear();
            DeactivateOnIdle();
            return SessionJoinResult.Failed(JoinStatus.RoomFull);
        }

        _room = room;
        _maxPeers = outcome.MaxPeers;
        _resumeSecret = NewSecret();
        Attach(connection);

        // `joined` lists the room as it answered; changes that overtook that answer (another join racing this
        // one) are pushed now as events, numbered from firstSeq, so the client hears them right after `joined`.
        var firstSeq = Outbox.NextSeq;
        _roster.Reset(outcome.Version, outcome.Others);
        _timer ??= this.RegisterGrainTimer(CheckConnectionAsync, new GrainTimerCreationOptions(CheckPeriod, CheckPeriod));
        return Result(room, outcome.Others, firstSeq);
    }

    public async Task<SessionJoinResult> ResumeAsync(string secret, GatewayConnection connection)
    {
        if (_room is not { } room || !SecretMatches(secret))
        {
            if (_room is null)
            {
                DeactivateOnIdle();
            }

            return SessionJoinResult.Failed(JoinStatus.ResumeExpired);
        }

        if (_connection is { } old && old.ConnectionId != connection.ConnectionId)
        {
            Outbox.Push(new SessionClosedEvent(CloseReason.Replaced), old);
        }

        var wasAway = _disconnectedSince is not null;
        _resumeSecret = NewSecret();
        Attach(connection);
        PeerLog.Resumed(logger, Self.Value, connection.GatewayId);
        var members = await GrainFactory.GetRoom(room).GetMembersAsync();
        var result = Result(room, [.. members.Where(m => m.PeerId != Self)], Outbox.FirstPending);
        Outbox.Flush(connection);
        if (wasAway)
        {
            await TellOthersAsync(PresenceState.Connected);
        }

        return result;
    }

    public async Task LeaveAsync(string connectionId)
    {
        if (_room is not { } room || _connection?.ConnectionId != connectionId)
        {
            return;
        }

        await GrainFactory.GetRoom(room).LeaveAsync(Self, LeaveReason.Left);
        EndSession();
    }

    public async Task DisconnectAsync(string connectionId)
    {
        if (_room is null || _connection?.ConnectionId != connectionId)
        {
            return;
        }

        _lastConnection = null;
        await DetachAsync(time.GetUtcNow());
    }

    public Task<SessionStatus> HeartbeatAsync(string connectionId)
    {
        if (_room is null)
        {
            DeactivateOnIdle();
            return Task.FromResult(SessionStatus.Gone);
        }

        if (_connection?.ConnectionId == connectionId)
        {
            _lastSeen = time.GetUtcNow();
            return Task.FromResult(SessionStatus.Held);
        }

        if (_connection is null && _lastConnection is { } late && late.ConnectionId == connectionId)
        {
            // Heartbeats that were only late (a pause, a busy silo): the same connection takes the session back.
            Attach(late);
            Outbox.Flush(late);
            _ = TellOthersAsync(PresenceState.Connected);
            return Task.FromResult(SessionStatus.Held);
        }

        return Task.FromResult(_connection is not null ? SessionStatus.Replaced : SessionStatus.Gone);
    }

    public Task<RelayOutcome> DeliverSignalAsync(PeerId from, SignalType type, byte[] data)
    {
        if (_room is null || !_roster.Contains(from))
        {
            if (_room is null && !_joining)
            {
                // A stray id must not leave an activation behind.
                DeactivateOnIdle();
            }

            return Task.FromResult(RelayOutcome.UnknownPeer);
        }

        Outbox.Push(new SignalEvent(from, type, data), _connection);
        return Task.FromResult(RelayOutcome.Delivered);
    }

    public async Task BroadcastAsync(byte[] data)
    {
        if (_room is null)
        {
            return;
        }

        var self = Self;
        await Task.WhenAll(_roster.Others.ToArray().Select(p => GrainFactory.GetPeer(p).DeliverBroadcastAsync(self, data)));
    }

    public Task DeliverBroadcastAsync(PeerId from, byte[] data)
    {
        if (_room is not null && _roster.Contains(from))
        {
            Outbox.Push(new BroadcastEvent(from, data), _connection);
        }

        return Task.CompletedTask;
    }

    public Task OnPeerJoinedAsync(long rosterVersion, RoomMember member)
    {
        _roster.TryApply(rosterVersion, () =>
        {
            _roster.Add(member);
            Outbox.Push(new PeerJoinedEvent(member.PeerId, member.Name), _connection);
        }, _joining);
        return Task.CompletedTask;
    }

    public Task OnPeerLeftAsync(long rosterVersion, PeerId peer, LeaveReason reason)
    {
        _roster.TryApply(rosterVersion, () =>
        {
            _roster.Remove(peer);
            Outbox.Push(new PeerLeftEvent(peer, reason), _connection);
        }, _joining);
        return Task.CompletedTask;
    }

    public Task OnPeerStateAsync(PeerId peer, PresenceState state)
    {
        if (_room is not null && _roster.Contains(peer))
        {
            Outbox.Push(new PeerStateEvent(peer, state), _connection);
        }

        return Task.CompletedTask;
    }

    private TimeSpan CheckPeriod => TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 100, roomOptions.Value.ResumeWindow.Ticks / 10));

    private void Attach(GatewayConnection connection)
    {
        _connection = connection;
        _lastConnection = connection;
        _lastSeen = time.GetUtcNow();
        _disconnectedSince = null;
    }

    private SessionJoinResult Result(RoomId room, System.Collections.Immutable.ImmutableArray<RoomMember> others, long firstSeq) =>
        new(JoinStatus.Joined, room, Self, others, $"{Self.Value}.{_resumeSecret}", _maxPeers, firstSeq);

    /// <summary>Runs on the grain's timer: notices a silent gateway, and ends a session whose window has passed.</summary>
    private async Task CheckConnectionAsync(CancellationToken cancellation)
    {
        var now = time.GetUtcNow();
        if (_connection is { } connection && now - _lastSeen > connection.HeartbeatInterval * MissedHeartbeats)
        {
            // The window counts from the last sign of life, not from when the silence was noticed.
            await DetachAsync(_lastSeen);
        }

        if (_room is { } room && _disconnectedSince is { } since && now - since >= roomOptions.Value.ResumeWindow)
        {
            PeerLog.TimedOut(logger, Self.Value, room.Value);
            await GrainFactory.GetRoom(room).LeaveAsync(Self, LeaveReason.Timeout);
            EndSession();
        }
    }

    private async Task DetachAsync(DateTimeOffset since)
    {
        _connection = null;
        _disconnectedSince = since;
        PeerLog.Reconnecting(logger, Self.Value, roomOptions.Value.ResumeWindow);
        await TellOthersAsync(PresenceState.Reconnecting);
    }

    private async Task TellOthersAsync(PresenceState state)
    {
        var self = Self;
        await Task.WhenAll(_roster.Others.ToArray().Select(async other =>
        {
            try
            {
                await GrainFactory.GetPeer(other).OnPeerStateAsync(self, state);
            }
            catch (Exception ex)
            {
                PeerLog.NotifyFailed(logger, ex, self.Value, other);
            }
        }));
    }

    private void EndSession()
    {
        _room = null;
        _connection = null;
        _disconnectedSince = null;
        _resumeSecret = string.Empty;
        _roster.Clear();
        _outbox?.Clear();
        _timer?.Dispose();
        _timer = null;
        DeactivateOnIdle();
    }

    private bool SecretMatches(string secret) =>
        _resumeSecret.Length > 0 &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(_resumeSecret));

    private static string NewSecret() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
