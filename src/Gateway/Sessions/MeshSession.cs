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
public sealed class MeshSession
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
        lock (_lock)
        {
            // Under the lock a join in flight checks: whichever comes second gives the room back.
            _lost = true;
            held = _heldRoom;
        }

        Context.Sessions.Forget(this);
        if (held is { } room)
        {
            Context.Rooms.Release(room);
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
    public Task HeartbeatAsync() => _beat.BeatAsync();

    /// <summary>The room's other members as this client knows them: what a session restored elsewhere compares with the room.</summary>
    public ImmutableArray<PeerId> KnownPeers() => _stream.Roster.Members();

    /// <summary>A join starts; until it ends, the join deadline does not close the connection.</summary>
    internal void JoinStarting()
    {
        lock (_lock)
        {
            _joining = true;
        }
    }

    /// <summary>A join ended; one that failed after the deadline passed closes the connection then.</summary>
    internal void JoinEnded()
    {
        bool late;
        lock (_lock)
        {
            _joining = false;
            late = _deadlinePassed && _session is null && !_lost;
        }

        if (late)
        {
            CloseForAbuse(Abuse.NoJoin);
        }
    }

    /// <summary>Takes the joined session; false when the connection ended while the cluster answered (nothing is taken).</summary>
    internal bool TryTakeSession(SessionJoinResult result, RoomId room)
    {
        lock (_lock)
        {
            if (_lost)
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
