using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using MeshCall.Delivery.Gateway;
using MeshCall.Delivery.Session;
using MeshCall.Gateway.Protocol;
using MeshCall.Gateways;
using MeshCall.Peers;
using MeshCall.Rooms;

namespace MeshCall.Gateway.Sessions;

/// <summary>
/// One client connection, whatever its transport: validates requests, calls the peer grains, and queues
/// what the client must be sent, in order. A transport reads <see cref="Outbound"/> and writes it its own way.
/// </summary>
public sealed partial class MeshSession(string connectionId, string transport, IPAddress remote, GatewayNode node, ILogger logger)
{
    private const int MaxNameLength = 64;

    private readonly OutboundQueue<Outbound> _outbound = new(node.Options.MaxQueuedEvents, node.Options.MaxQueuedBytes);
    private readonly EventSequencer _sequencer = new(maxGap: 1024, maxBytes: node.Options.MaxQueuedBytes);

    // A session restored on another silo has forgotten which signals it delivered; a retry it delivers again stops here.
    private readonly DeliveredSignals _delivered = new();
    private readonly SessionRoster _roster = new(node.Metrics);
    private readonly ClientAcknowledgements _acks = new();
    private readonly Lock _lock = new();
    private SessionJoinResult? _session;
    private RoomId? _heldRoom;
    private bool _ended;
    private bool _lost;
    private int _lostOnce;
    private bool _joining;
    private bool _deadlinePassed;
    private int _strikes;
    private long _heartbeatSentAt;

    public string ConnectionId { get; } = connectionId;

    public string Transport { get; } = transport;

    public PeerId? PeerId => _session?.PeerId;

    /// <summary>What the transport writes, in order; it ends after a close item.</summary>
    internal OutboundQueue<Outbound> Outbound => _outbound;

    private bool IsJoined => _session is not null && !_ended;

    public async Task<Reply> HandleAsync(ClientRequest request)
    {
        try
        {
            // Every frame spends from the budget, a broken one too: a flood of garbage is a flood.
            Admit();
            if (request.Problem is { } problem)
            {
                throw problem;
            }

            return request.Op switch
            {
                "join" => await JoinAsync(request),
                "signal" => await SignalAsync(request),
                "broadcast" => await BroadcastAsync(request),
                "leave" => await LeaveAsync(),
                "ping" => Reply.Pong,
                "stats" => Stats(request),
                "ack" => Acknowledge(request),
                _ => throw new ProtocolException(ErrorCodes.InvalidMessage, "unknown op"),
            };
        }
        catch (ProtocolException error)
        {
            node.Metrics.Error(error.Code);
            throw;
        }
        catch (Exception ex)
        {
            // Never pass exception text to a client: it learns only that the cluster could not serve this.
            SessionLog.Unavailable(logger, ex, ConnectionId, request.Op);
            node.Metrics.Error(ErrorCodes.Unavailable);
            throw new ProtocolException(ErrorCodes.Unavailable, "the cluster could not serve this request; retry");
        }
    }

    /// <summary>Closes the connection if it has not joined by then: an idle socket only holds resources.</summary>
    public void StartJoinDeadline(TimeSpan deadline) =>
        _ = Task.Delay(deadline).ContinueWith(
            _ =>
            {
                bool idle;
                lock (_lock)
                {
                    _deadlinePassed = true;
                    idle = _session is null && !_lost && !_joining;
                }

                if (idle)
                {
                    CloseForAbuse(Abuse.NoJoin);
                }
            },
            TaskScheduler.Default);

    /// <summary>Called by the transport once the <c>joined</c> reply is on its way: events may follow it now.</summary>
    public void ReleaseEvents()
    {
        lock (_lock)
        {
            Emit(_sequencer.Release(_session!.FirstSeq));
        }
    }

    /// <summary>An event pushed by this session's peer grain.</summary>
    public void Receive(NumberedEvent delivery)
    {
        lock (_lock)
        {
            Emit(_sequencer.Accept(delivery));
        }
    }

    public void CloseForAbuse(Abuse abuse)
    {
        SessionLog.Abusive(logger, ConnectionId, abuse);
        node.Metrics.Dropped(abuse);
        _outbound.EnqueueClose(Sessions.Outbound.ForAbuse(abuse));
    }

    public void EnqueueFrame(byte[] frame)
    {
        if (!_outbound.TryEnqueue(Sessions.Outbound.ForFrame(frame)))
        {
            DropSlowConsumer();
        }
    }

    /// <summary>Asks the transport to close, after telling the client why when there is a reason.</summary>
    public void Close(CloseReason? reason)
    {
        if (reason is CloseReason.Replaced or CloseReason.Kicked)
        {
            _ended = true;
        }

        _outbound.EnqueueClose(Sessions.Outbound.ForClose(reason));
    }

    /// <summary>The transport lost the connection: the session is held for the resume window, unless it was left.</summary>
    public async Task ConnectionLostAsync()
    {
        // Once: a slow consumer is let go before its transport has noticed, and the transport reports it again.
        if (Interlocked.Exchange(ref _lostOnce, 1) != 0)
        {
            return;
        }

        RoomId? held;
        lock (_lock)
        {
            // Under the lock a join in flight checks: whichever comes second gives the room back.
            _lost = true;
            held = _heldRoom;
        }

        node.Forget(this);
        if (held is { } room)
        {
            node.ReleaseRoom(room);
        }

        _outbound.Complete();
        SessionLog.Closed(logger, ConnectionId);
        if (IsJoined)
        {
            _ended = true;
            try
            {
                await node.Grains.GetPeer(_session!.PeerId).DisconnectAsync(ConnectionId);
            }
            catch (Exception ex)
            {
                // The grain notices the silence through missed heartbeats instead.
                SessionLog.HeartbeatFailed(logger, ex, ConnectionId);
            }
        }
    }

    /// <summary>
    /// Proves to the peer grain that this connection is alive; acts on its answer. One at a time, but an answer
    /// that has not come within an interval (the call hangs on a silo that just died, for up to the response
    /// timeout) no longer holds up the next: the session, restored elsewhere, needs a heartbeat within three.
    /// </summary>
    public async Task HeartbeatAsync()
    {
        var inFlight = Volatile.Read(ref _heartbeatSentAt);
        var now = Stopwatch.GetTimestamp();
        if (!IsJoined
            || (inFlight != 0 && Stopwatch.GetElapsedTime(inFlight, now) < node.Options.HeartbeatInterval)
            || Interlocked.CompareExchange(ref _heartbeatSentAt, now, inFlight) != inFlight)
        {
            return;
        }

        try
        {
            await BeatAsync();
        }
        finally
        {
            Interlocked.CompareExchange(ref _heartbeatSentAt, 0, now);
        }
    }

    private async Task BeatAsync()
    {
        long receivedUpTo, ackedUpTo;
        lock (_lock)
        {
            receivedUpTo = _sequencer.ReceivedUpTo;
            ackedUpTo = _acks.Forward();
        }

        var reply = await node.Grains.GetPeer(_session!.PeerId).HeartbeatAsync(ConnectionId, receivedUpTo, ackedUpTo);
        foreach (var delivery in reply.Unconfirmed)
        {
            Receive(delivery);
        }

        var status = reply.Status;
        if (status == SessionStatus.Replaced)
        {
            Close(CloseReason.Replaced);
        }
        else if (status == SessionStatus.Gone)
        {
            _ended = true;
            Close(null);
        }
    }

    private void Emit(List<NumberedEvent>? deliveries)
    {
        if (deliveries is null)
        {
            return;
        }

        foreach (var delivery in deliveries)
        {
            if (delivery.Event is SignalEvent signal)
            {
                if (!_delivered.TryAdd(signal.From, signal.MsgId))
                {
                    continue;
                }

                node.Metrics.Relayed(signal.AcceptedAtTicks);
            }

            _roster.Track(delivery.Event);
            if (!_outbound.TryEnqueue(Sessions.Outbound.ForEvent(delivery)))
            {
                DropSlowConsumer();
                return;
            }
        }
    }

    /// <summary>The room's other members as this client knows them: what a session restored elsewhere compares with the room.</summary>
    public ImmutableArray<PeerId> KnownPeers() => _roster.Members();

    /// <summary>
    /// A client with more waiting than its bounds is let go at once, as if its connection had dropped (the others
    /// see it reconnecting, its session keeps what it missed for a resume): what it did not read is freed now, and
    /// the close goes ahead of it, written as soon as the socket takes it (within <c>Gateway:WriteTimeout</c>).
    /// </summary>
    private void DropSlowConsumer()
    {
        var (items, bytes) = (_outbound.Items, _outbound.Bytes);
        if (_outbound.Abandon(Sessions.Outbound.ForAbuse(Abuse.SlowConsumer)))
        {
            SessionLog.SlowConsumer(logger, ConnectionId, items, bytes);
            node.Metrics.Dropped(Abuse.SlowConsumer);
            _ = ConnectionLostAsync();
        }
    }
}
