using MeshCall.Contracts;
using MeshCall.Contracts.Gateways;
using MeshCall.Contracts.Peers;

namespace MeshCall.Grains.Peers;

/// <summary>
/// A session's presence: the connection that holds it, the heartbeats that prove it alive, and the clock that
/// marks it reconnecting and ends it after the resume window.
/// </summary>
public sealed partial class PeerGrain
{
    /// <summary>Heartbeats a gateway may miss before its connection counts as dropped.</summary>
    private const int MissedHeartbeats = 3;

    public async Task DisconnectAsync(string connectionId)
    {
        if (Room is null || _connection?.ConnectionId != connectionId)
        {
            return;
        }

        _lastConnection = null;
        await DetachAsync(time.GetUtcNow());
    }

    public Task<HeartbeatReply> HeartbeatAsync(string connectionId, long receivedUpTo, long ackedUpTo)
    {
        if (Room is null)
        {
            DeactivateOnIdle();
            return Task.FromResult(HeartbeatReply.Gone);
        }

        if (_connection is null && _lastConnection is { } late && late.ConnectionId == connectionId)
        {
            // Heartbeats that were only late (a pause, a busy silo): the same connection takes the session back.
            Attach(late);
            Outbox.Replay(late, lastSeq: null, ConnectionLost);
            _ = TellOthersAsync(PresenceState.Connected);
        }

        if (_connection?.ConnectionId != connectionId)
        {
            return Task.FromResult(_connection is not null ? HeartbeatReply.Replaced : HeartbeatReply.Gone);
        }

        _lastSeen = time.GetUtcNow();
        ResetClock();
        Outbox.Stream.GatewayReceived(receivedUpTo);
        Outbox.Stream.Acknowledge(ackedUpTo);
        CatchUpOnHeartbeat(_connection);

        // Pushed (or handed to its gateway) before the previous heartbeat and still unconfirmed: that path failed.
        var unconfirmed = Outbox.Stream.Stalled();
        Outbox.Stream.MarkCheck();
        return Task.FromResult(unconfirmed.IsEmpty ? HeartbeatReply.Held : new HeartbeatReply(SessionStatus.Held, unconfirmed));
    }

    private TimeSpan CheckPeriod => clock.Tick;

    /// <summary>
    /// While a connection holds the session its heartbeats are the clock, and the silo's <see cref="SessionClock"/> only
    /// calls once they have stopped: an idle connected session costs no checks (10,000 of them on grain timers ticked
    /// 3,300 times a second). Away, it is checked every <see cref="CheckPeriod"/> to end the session on time.
    /// </summary>
    private TimeSpan ClockPeriod => _connection is { } connection ? connection.HeartbeatInterval * MissedHeartbeats + CheckPeriod : CheckPeriod;

    /// <summary>Runs when the silo's clock finds this session due: notices a silent gateway, ends an expired session.</summary>
    public async Task TickAsync()
    {
        if (Room is null)
        {
            // The session ended, and this call found it in storage (or found nothing there): no activation stays for it.
            DeactivateOnIdle();
            return;
        }

        await CheckConnectionAsync(CancellationToken.None);
        ResetClock();
    }

    /// <summary>
    /// On the clock's thread: this session's key if it is due a check, taken so that it is called once, unless the
    /// call is lost (it is one-way): then the clock calls again at <paramref name="retryTicks"/>.
    /// </summary>
    internal string? TakeIfDue(long nowTicks, long retryTicks)
    {
        var due = Volatile.Read(ref _due);
        return due <= nowTicks && Interlocked.CompareExchange(ref _due, retryTicks, due) == due ? this.GetPrimaryKeyString() : null;
    }

    private void StartClock()
    {
        if (!_onClock)
        {
            _onClock = true;
            clock.Add(this);
        }

        ResetClock();
    }

    private void ResetClock()
    {
        if (_onClock)
        {
            Volatile.Write(ref _due, (time.GetUtcNow() + ClockPeriod).UtcTicks);
        }
    }

    private void StopClock()
    {
        _onClock = false;
        Volatile.Write(ref _due, long.MaxValue);
        clock.Remove(this);
    }

    private void Attach(GatewayConnection connection)
    {
        _connection = connection;
        _lastConnection = connection;
        _lastSeen = time.GetUtcNow();
        _disconnectedSince = null;
        ResetClock();
    }

    /// <summary>A push failed or the gateway no longer has the connection: the session waits for it to come back.</summary>
    private void ConnectionLost(GatewayConnection connection)
    {
        if (_connection?.ConnectionId == connection.ConnectionId)
        {
            _ = DetachAsync(time.GetUtcNow());
        }
    }

    /// <summary>Notices a silent gateway, and ends a session whose window has passed.</summary>
    private async Task CheckConnectionAsync(CancellationToken cancellation)
    {
        var now = time.GetUtcNow();
        if (_connection is { } connection && now - _lastSeen > connection.HeartbeatInterval * MissedHeartbeats)
        {
            // The window counts from the last sign of life, not from when the silence was noticed.
            await DetachAsync(_lastSeen);
        }

        if (Room is { } room && _disconnectedSince is { } since && now - since >= roomOptions.Value.ResumeWindow)
        {
            PeerLog.TimedOut(logger, Self.Value, room.Value);
            await GrainFactory.GetRoom(room).LeaveAsync(Self, LeaveReason.Timeout);
            await EndSessionAsync();
        }
    }

    private async Task DetachAsync(DateTimeOffset since)
    {
        if (_connection is null)
        {
            return;
        }

        _connection = null;
        _disconnectedSince = since;
        ResetClock();
        PeerLog.Reconnecting(logger, Self.Value, roomOptions.Value.ResumeWindow);
        await TellOthersAsync(PresenceState.Reconnecting);
    }

    private async Task TellOthersAsync(PresenceState presence)
    {
        var self = Self;
        await Task.WhenAll(_roster.Others.ToArray().Select(async other =>
        {
            try
            {
                await GrainFactory.GetPeer(other).OnPeerStateAsync(self, presence);
            }
            catch (Exception ex)
            {
                PeerLog.NotifyFailed(logger, ex, self.Value, other);
            }
        }));
    }
}
