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
public sealed class MeshSession(string connectionId, string transport, IPAddress remote, GatewayNode node, ILogger logger)
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

    /// <summary>Proves to the peer grain that this connection is alive; acts on its answer.</summary>
    public async Task HeartbeatAsync()
    {
        if (!IsJoined)
        {
            return;
        }

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

    private async Task<Reply> JoinAsync(ClientRequest request)
    {
        if (_session is not null)
        {
            throw new ProtocolException(ErrorCodes.AlreadyJoined, "this connection has joined a room already");
        }

        if (request.Room is null)
        {
            throw new ProtocolException(ErrorCodes.InvalidMessage, "room is required");
        }

        if (!RoomId.TryParse(request.Room, out var room))
        {
            throw new ProtocolException(ErrorCodes.InvalidRoom, "room ids are 1-128 characters of A-Z a-z 0-9 . _ -");
        }

        var name = ValidName(request.Name);
        if (request.Resume is null && node.Grants.Required)
        {
            name = await AuthorizeAsync(request.Token, room, name);
        }

        if (request.Resume is null && !node.RequestLimits.TryJoin(remote))
        {
            throw new ProtocolException(ErrorCodes.RateLimited, "too many joins from your address; wait a minute");
        }

        if (!node.TryHoldRoom(room))
        {
            throw new ProtocolException(ErrorCodes.Unavailable, "this gateway holds all the rooms it may; try another");
        }

        SessionJoinResult result;
        try
        {
            var connection = new GatewayConnection(node.GatewayId, ConnectionId, node.Reference, node.Options.HeartbeatInterval);
            result = request.Resume is { } token
                ? await ResumeAsync(token, room, connection, request.LastSeq)
                : await node.Grains.GetPeer(Peers.PeerId.New()).JoinAsync(room, name, connection);
        }
        catch
        {
            node.ReleaseRoom(room);
            throw;
        }

        if (result.Status == JoinStatus.RoomFull)
        {
            node.ReleaseRoom(room);
            throw new ProtocolException(ErrorCodes.RoomFull, "the room is full");
        }

        _session = result;
        _heldRoom = room;
        node.Metrics.Joined(resumed: request.Resume is not null);
        SessionLog.Joined(logger, ConnectionId, Transport, room.Value, result.PeerId.Value);
        return new JoinedReply(result, node.IceServersFor(result.PeerId));
    }

    private async Task<SessionJoinResult> ResumeAsync(string token, RoomId room, GatewayConnection connection, long? lastSeq)
    {
        if (!node.RequestLimits.MayResume(remote))
        {
            throw new ProtocolException(ErrorCodes.RateLimited, "too many failed resumes from your address; wait a minute");
        }

        var dot = token.IndexOf('.');
        if (dot > 0 && Peers.PeerId.TryParse(token[..dot], out var peer))
        {
            var result = await node.Grains.GetPeer(peer).ResumeAsync(token[(dot + 1)..], connection, lastSeq);
            if (result.Status == JoinStatus.Joined && result.Room == room)
            {
                return result;
            }
        }

        node.RequestLimits.ResumeFailed(remote);
        throw new ProtocolException(ErrorCodes.ResumeExpired, "that session cannot be resumed; join afresh");
    }

    /// <summary>
    /// A fresh join needs a grant for this room (a resume is authorised by its token). A bad token, a room it does
    /// not name and a room that does not exist all get the same answer, so nothing learns which rooms exist.
    /// </summary>
    private async Task<string> AuthorizeAsync(string? token, RoomId room, string name)
    {
        var grant = await node.Grants.ValidateAsync(token);
        if (grant is null || !grant.Allows(room))
        {
            throw new ProtocolException(ErrorCodes.Unauthorized, "no valid grant for this room");
        }

        // The grant's name is the one others see, when it is a name this server would accept.
        return grant.Name is { Length: > 0 and <= MaxNameLength } granted && !granted.Any(char.IsControl) ? granted : name;
    }

    private static string ValidName(string? name)
    {
        name = name?.Trim() ?? string.Empty;
        if (name.Length > MaxNameLength)
        {
            throw new ProtocolException(ErrorCodes.InvalidMessage, $"name is over {MaxNameLength} characters");
        }

        if (name.Any(char.IsControl))
        {
            throw new ProtocolException(ErrorCodes.InvalidMessage, "name has control characters");
        }

        return name;
    }

    private async Task<Reply> SignalAsync(ClientRequest request)
    {
        var self = RequireJoined();
        if (request.To is null || request.Type is null || request.Data is null)
        {
            throw new ProtocolException(ErrorCodes.InvalidMessage, "signal needs to, type and data");
        }

        var type = ParseType(request.Type);
        if (!Peers.PeerId.TryParse(request.To, out var to) || to == self)
        {
            throw UnknownPeer();
        }

        var outcome = await node.Grains.GetPeer(to).DeliverSignalAsync(self, type, request.Data, request.MsgId, DateTime.UtcNow.Ticks).WaitAsync(node.Options.SignalTimeout);
        if (outcome == RelayOutcome.Unavailable)
        {
            throw new ProtocolException(ErrorCodes.Unavailable, "the addressee's gateway did not confirm the signal; retry it");
        }

        if (outcome != RelayOutcome.Delivered)
        {
            throw UnknownPeer();
        }

        node.Metrics.Signal(request.Type);
        return Reply.Ok;
    }

    private async Task<Reply> BroadcastAsync(ClientRequest request)
    {
        var self = RequireJoined();
        if (request.Data is null)
        {
            throw new ProtocolException(ErrorCodes.InvalidMessage, "broadcast needs data");
        }

        await node.Grains.GetPeer(self).BroadcastAsync(request.Data);
        return Reply.Ok;
    }

    private async Task<Reply> LeaveAsync()
    {
        var self = RequireJoined();
        await node.Grains.GetPeer(self).LeaveAsync(ConnectionId);
        _ended = true;
        return Reply.Left;
    }

    private Reply Stats(ClientRequest request)
    {
        RequireJoined();
        if (!request.HasPeers)
        {
            throw new ProtocolException(ErrorCodes.InvalidMessage, "stats needs peers");
        }

        node.Metrics.StatsReport();
        _negotiation.Take(request.Peers);
        return Reply.Ok;
    }

    /// <summary>One permit of this connection's request budget; a client that keeps going past it is closed.</summary>
    private void Admit()
    {
        if (node.RequestLimits.TryRequest(ConnectionId))
        {
            _strikes = 0;
            return;
        }

        if (++_strikes >= node.Limits.RateLimitStrikes)
        {
            CloseForAbuse(Abuse.RateLimited);
        }

        throw new ProtocolException(ErrorCodes.RateLimited, "too many requests; slow down");
    }

    private PeerId RequireJoined() =>
        IsJoined ? _session!.PeerId : throw new ProtocolException(ErrorCodes.NotJoined, "join a room first");

    private static ProtocolException UnknownPeer() => new(ErrorCodes.UnknownPeer, "no such peer in your room");

    private static SignalType ParseType(string type) => type switch
    {
        "offer" => SignalType.Offer,
        "answer" => SignalType.Answer,
        "candidate" => SignalType.Candidate,
        "bye" => SignalType.Bye,
        "custom" => SignalType.Custom,
        _ => throw new ProtocolException(ErrorCodes.InvalidMessage, "type must be offer, answer, candidate, bye or custom"),
    };
}
