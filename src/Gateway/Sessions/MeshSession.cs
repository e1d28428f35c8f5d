using System.Collections.Immutable;
using System.Net;
using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;
using MeshCall.Delivery.Gateway;
using MeshCall.Gateway.Protocol;

namespace MeshCall.Gateway.Sessions;

/// <summary>
/// One client connection, whatever its transport: its state from open to end, and its requests handed to what
/// handles them (<see cref="SessionJoin"/>, <see cref="SessionRequests"/>). What the client must be sent is queued in
/// order by its <see cref="ClientStream"/>; a transport only reads <see cref="Outbound"/> and writes it its own way.
/// </summary>
public sealed partial class MeshSession
{
    private readonly ClientStream _stream;
    private readonly SessionBeat _beat;
    private readonly Lock _lock = new();
    private SessionJoinResult? _session;
    private RoomId? _heldRoom;
    private bool _ended;
    private bool _lost;
    private int _lostOnce;
    private bool _joining;
    private bool _deadlinePassed;
    private int _strikes;

    internal MeshSession(string connectionId, string transport, IPAddress remote, SessionContext context)
    {
        (ConnectionId, Transport, Remote, Context) = (connectionId, transport, remote, context);
        _stream = new ClientStream(context.Options, context.Metrics);
        _beat = new SessionBeat(this);
    }

    public string ConnectionId { get; }

    public string Transport { get; }

    public PeerId? PeerId => _session?.PeerId;

    internal IPAddress Remote { get; }

    internal SessionContext Context { get; }

    internal ClientStream Stream => _stream;

    /// <summary>What the transport writes, in order; it ends after a close item.</summary>
    internal OutboundQueue<Outbound> Outbound => _stream.Outbound;

    internal bool IsJoined => _session is not null && !_ended;

    internal bool HasSession => _session is not null;

    internal long FirstSeq => _session!.FirstSeq;

    /// <summary>Handles one request (see <see cref="SessionRequests"/>); a failure is a <see cref="ProtocolException"/> with its code.</summary>
    public Task<Reply> HandleAsync(ClientRequest request) => SessionRequests.HandleAsync(this, request);

    /// <summary>
    /// Called by the transport once a reply is on its way: after <c>joined</c>, events may follow it. A transport
    /// that can close its connection after the reply is written does so after a leave's (see <see cref="Reply.Left"/>).
    /// </summary>
    public void Answered(Reply reply)
    {
        if (reply is JoinedReply && !_stream.Release(FirstSeq))
        {
            DropSlowConsumer();
        }
    }

    /// <summary>An event pushed by this session's peer grain, or handed to this gateway for it.</summary>
    public void Receive(NumberedEvent numbered)
    {
        if (!_stream.Receive(numbered))
        {
            DropSlowConsumer();
        }
    }

    public void CloseForAbuse(Abuse abuse)
    {
        SessionLog.Abusive(Context.Logger, ConnectionId, abuse);
        Context.Metrics.Dropped(abuse);
        Outbound.EnqueueClose(Sessions.Outbound.ForAbuse(abuse));
    }

    public void EnqueueFrame(byte[] frame)
    {
        if (!Outbound.TryEnqueue(Sessions.Outbound.ForFrame(frame)))
        {
            DropSlowConsumer();
        }
    }

    /// <summary>An event that is no session's (a lobby's answer) for a hub connection: sent as client method <paramref name="method"/>.</summary>
    internal void EnqueueHubEvent(string method, byte[] payload)
    {
        if (!Outbound.TryEnqueue(Sessions.Outbound.ForHubEvent(method, payload)))
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

        Outbound.EnqueueClose(Sessions.Outbound.ForClose(reason));
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
        LobbyWait? waiting;
        lock (_lock)
        {
            // Under the lock a join in flight checks: whichever comes second gives the room back.
            _lost = true;
            held = _heldRoom;
            waiting = TakeWaitLocked(null);
        }

        Context.Sessions.Forget(this);
        if (held is { } room)
        {
            Context.Rooms.Release(room);
        }

        if (waiting is not null)
        {
            await SessionLobby.WithdrawAsync(this, waiting);
        }

        Outbound.Complete();
        SessionLog.Closed(Context.Logger, ConnectionId);
        if (IsJoined)
        {
            _ended = true;
            try
            {
                await Context.Grains.GetPeer(_session!.PeerId).DisconnectAsync(ConnectionId);
            }
            catch (Exception ex)
            {
                // The grain notices the silence through missed heartbeats instead.
                SessionLog.HeartbeatFailed(Context.Logger, ex, ConnectionId);
            }
        }
    }

    /// <summary>Proves to the peer grain that this connection is alive (see <see cref="SessionBeat"/>).</summary>
    public Task HeartbeatAsync() => _waiting is { } waiting ? SessionLobby.BeatAsync(this, waiting) : _beat.BeatAsync();

    /// <summary>The room's other members as this client knows them: what a session restored elsewhere compares with the room.</summary>
    public ImmutableArray<PeerId> KnownPeers() => _stream.Roster.Members();

    /// <summary>Takes the joined session; false when the connection ended while the cluster answered, or the client left the lobby (nothing is taken).</summary>
    internal bool TryTakeSession(SessionJoinResult result, RoomId room, LobbyWait? admitted = null)
    {
        lock (_lock)
        {
            // An admitted client's join counts only while it still waits (it has not left the lobby meanwhile).
            if (_lost || (admitted is not null && TakeWaitLocked(admitted) is null))
            {
                return false;
            }

            _stream.Roster.Reset(result.Others.Select(m => m.PeerId));
            _session = result;
            _heldRoom = room;
            return true;
        }
    }

    /// <summary>The session is no longer this connection's (left, gone, or taken by another).</summary>
    internal void Ended() => _ended = true;

    internal PeerId RequireJoined() =>
        IsJoined ? _session!.PeerId : throw new ProtocolException(ErrorCodes.NotJoined, "join a room first");

    /// <summary>One permit of this connection's request budget; a client that keeps going past it is closed.</summary>
    internal void Admit()
    {
        if (Context.RequestLimits.TryRequest(ConnectionId))
        {
            _strikes = 0;
            return;
        }

        if (++_strikes >= Context.Limits.RateLimitStrikes)
        {
            CloseForAbuse(Abuse.RateLimited);
        }

        throw new ProtocolException(ErrorCodes.RateLimited, "too many requests; slow down");
    }

    /// <summary>
    /// A client with more waiting than its bounds is let go at once, as if its connection had dropped (the others
    /// see it reconnecting, its session keeps what it missed for a resume); see <see cref="ClientStream.Abandon"/>.
    /// </summary>
    private void DropSlowConsumer()
    {
        if (_stream.Abandon(ConnectionId, Context.Logger))
        {
            _ = ConnectionLostAsync();
        }
    }
}
