using System.Diagnostics;
using System.Net;
using System.Threading.Channels;
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

    // Not SingleReader: that channel cannot count, and the count is how a client that never reads is found.
    private readonly Channel<Outbound> _outbound = Channel.CreateUnbounded<Outbound>();
    private readonly EventSequencer _sequencer = new(maxGap: 1024);

    // A session restored on another silo has forgotten which signals it delivered; a retry it delivers again stops here.
    private readonly DeliveredSignals _delivered = new();
    private readonly NegotiationTelemetry _negotiation = new(node.Metrics);
    private readonly Lock _lock = new();
    private SessionJoinResult? _session;
    private RoomId? _heldRoom;
    private bool _ended;
    private bool _lost;
    private int _strikes;
    private long _heartbeatSentAt;

    public string ConnectionId { get; } = connectionId;

    public string Transport { get; } = transport;

    public PeerId? PeerId => _session?.PeerId;

    public ChannelReader<Outbound> Outbound => _outbound.Reader;

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
                if (_session is null && !_lost)
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
    public void Receive(Delivery delivery)
    {
        lock (_lock)
        {
            Emit(_sequencer.Accept(delivery));
        }
    }

    public void CloseForAbuse(Abuse abuse)
    {
        SessionLog.Abusive(logger, ConnectionId, abuse);
        _outbound.Writer.TryWrite(Sessions.Outbound.ForAbuse(abuse));
    }

    public void EnqueueFrame(byte[] frame) => _outbound.Writer.TryWrite(Sessions.Outbound.ForFrame(frame));

    /// <summary>Asks the transport to close, after telling the client why when there is a reason.</summary>
    public void Close(CloseReason? reason)
    {
        if (reason is CloseReason.Replaced or CloseReason.Kicked)
        {
            _ended = true;
        }

        _outbound.Writer.TryWrite(Sessions.Outbound.ForClose(reason));
    }

    /// <summary>The transport lost the connection: the session is held for the resume window, unless it was left.</summary>
    public async Task ConnectionLostAsync()
    {
        _lost = true;
        node.Forget(this);
        if (_heldRoom is { } room)
        {
            node.ReleaseRoom(room);
        }

        _outbound.Writer.TryComplete();
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
        long receivedUpTo;
        lock (_lock)
        {
            receivedUpTo = _sequencer.ReceivedUpTo;
        }

        var reply = await node.Grains.GetPeer(_session!.PeerId).HeartbeatAsync(ConnectionId, receivedUpTo);
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

    private void Emit(List<Delivery>? deliveries)
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

            _outbound.Writer.TryWrite(Sessions.Outbound.ForEvent(delivery));
        }

        if (_outbound.Reader.Count > node.Options.MaxQueuedEvents)
        {
            SessionLog.SlowConsumer(logger, ConnectionId);
            Close(null);
        }
    }
}
