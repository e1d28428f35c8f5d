using System.Collections.Immutable;
using MeshCall.Gateways;

namespace MeshCall.Peers;

/// <summary>
/// A session's ordered outbound stream. Numbers every event, pushes it to the connection that holds the
/// session, and keeps the last <c>capacity</c> events, at most <c>maxBytes</c> of them, so a client that comes
/// back (on any gateway) gets what it missed: the events after the last one it saw, or after the last one a
/// gateway confirmed. The byte bound is what keeps a replay within what a gateway queues for one client.
/// </summary>
internal sealed class SessionOutbox(ILogger logger, string peer, int capacity, long maxBytes)
{
    /// <summary>For a connection that states no push timeout (stored before it could): this, or a heartbeat interval if longer.</summary>
    private static readonly TimeSpan MinPushTimeout = TimeSpan.FromSeconds(2);

    private readonly Queue<Delivery> _retained = new();
    private long _retainedBytes;
    private readonly HashSet<long> _confirmedAhead = [];
    private long _epochStart = EventSeq.First(0);
    private long _next = EventSeq.First(0);
    private long _confirmed = EventSeq.First(0) - 1;
    private long _pushedAtLastCheck = EventSeq.First(0) - 1;

    public long NextSeq => _next;

    /// <summary>Starts numbering afresh in <paramref name="epoch"/>: this activation restored the session.</summary>
    public void StartEpoch(long epoch)
    {
        Clear();
        _epochStart = _next = EventSeq.First(epoch);
        _confirmed = _pushedAtLastCheck = _next - 1;
    }

    /// <summary>
    /// Numbers and keeps <paramref name="evt"/>, and pushes it if a connection holds the session. True once the
    /// gateway has it, or when no connection holds the session (it is kept for the resume); false if the push got
    /// no answer in time (the gateway's next heartbeat takes it from <see cref="Stalled"/>).
    /// </summary>
    public Task<bool> PushAsync(PeerEvent evt, GatewayConnection? connection, Action<GatewayConnection> lost)
    {
        var delivery = new Delivery(_next++, evt);
        _retained.Enqueue(delivery);
        _retainedBytes += evt.WireBytes;
        while (_retained.Count > capacity || (_retainedBytes > maxBytes && _retained.Count > 1))
        {
            _retainedBytes -= _retained.Dequeue().Event.WireBytes;
        }

        return connection is null ? Task.FromResult(true) : SendAsync(delivery, connection, lost);
    }

    /// <summary>The kept signal <paramref name="msgId"/> from <paramref name="from"/>, if it is still kept and unconfirmed.</summary>
    public Delivery? FindUnconfirmed(PeerId from, long msgId) =>
        _retained.LastOrDefault(d => d.Event is SignalEvent s && s.From == from && s.MsgId == msgId && !IsConfirmed(d.Seq));

    public Task<bool> ResendAsync(Delivery delivery, GatewayConnection connection, Action<GatewayConnection> lost) =>
        SendAsync(delivery, connection, lost);

    /// <summary>Called on the session's clock: events pushed before now and unconfirmed by the next call have stalled.</summary>
    public void MarkCheck() => _pushedAtLastCheck = _next - 1;

    /// <summary>
    /// The kept events pushed before the last check and still unconfirmed: their path to the gateway failed (e.g.
    /// through a silo that died). The gateway takes them from its heartbeat's reply instead; it drops what it has.
    /// </summary>
    public ImmutableArray<Delivery> Stalled() =>
        _confirmed >= _pushedAtLastCheck ? [] : [.. _retained.Where(d => d.Seq <= _pushedAtLastCheck && !IsConfirmed(d.Seq))];

    /// <summary>The gateway has every event up to <paramref name="receivedUpTo"/> (in this epoch).</summary>
    public void Acknowledge(long receivedUpTo)
    {
        if (EventSeq.Epoch(receivedUpTo) != EventSeq.Epoch(_epochStart) || receivedUpTo <= _confirmed)
        {
            return;
        }

        _confirmed = Math.Min(receivedUpTo, _next - 1);
        _confirmedAhead.RemoveWhere(seq => seq <= _confirmed);
        while (_confirmedAhead.Remove(_confirmed + 1))
        {
            _confirmed++;
        }
    }

    /// <summary>
    /// Pushes to a (re)attached connection the kept events after <paramref name="lastSeq"/> (what the client says
    /// it saw) or, without it, after what a gateway confirmed. Returns the seq the connection starts from.
    /// </summary>
    public long Replay(GatewayConnection connection, long? lastSeq, Action<GatewayConnection> lost)
    {
        var from = lastSeq is { } seen ? Math.Clamp(seen + 1, _epochStart, _next) : _confirmed + 1;
        var oldest = _retained.TryPeek(out var first) ? first.Seq : _next;
        foreach (var delivery in _retained.Where(d => d.Seq >= from).ToList())
        {
            _ = SendAsync(delivery, connection, lost);
        }

        if (oldest > from)
        {
            // More happened while the client was away than the buffer holds: say so rather than pretend.
            var dropped = oldest - from;
            PeerLog.BufferOverflow(logger, peer, dropped);
            _ = PushAsync(new EventsDroppedEvent(dropped), connection, lost);
            return oldest;
        }

        return from;
    }

    public void Clear()
    {
        _retained.Clear();
        _retainedBytes = 0;
        _confirmedAhead.Clear();
    }

    private async Task<bool> SendAsync(Delivery delivery, GatewayConnection connection, Action<GatewayConnection> lost)
    {
        try
        {
            if (await connection.Observer.AcceptAsync(connection.ConnectionId, delivery).WaitAsync(PushTimeout(connection)))
            {
                Confirm(delivery.Seq);
                return true;
            }

            // The gateway answered that it no longer has the connection: the session is away, and keeps the event for
            // its resume, which is as good as delivered to the sender.
            lost(connection);
            return true;
        }
        catch (Exception ex)
        {
            // No answer says nothing about the connection (the path may run through a silo that just died).
            PeerLog.PushFailed(logger, ex, connection);
        }

        return false;
    }

    private bool IsConfirmed(long seq) => seq <= _confirmed || _confirmedAhead.Contains(seq);

    /// <summary>How long a call to a connection's gateway may take before it counts as unanswered.</summary>
    public static TimeSpan PushTimeout(GatewayConnection connection) =>
        connection.PushTimeout > TimeSpan.Zero ? connection.PushTimeout
        : connection.HeartbeatInterval > MinPushTimeout ? connection.HeartbeatInterval : MinPushTimeout;

    private void Confirm(long seq)
    {
        if (seq != _confirmed + 1)
        {
            if (seq > _confirmed)
            {
                _confirmedAhead.Add(seq);
            }

            return;
        }

        _confirmed = seq;
        while (_confirmedAhead.Remove(_confirmed + 1))
        {
            _confirmed++;
        }
    }
}
