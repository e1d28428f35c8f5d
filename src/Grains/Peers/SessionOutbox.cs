using MeshCall.Contracts.Gateways;
using MeshCall.Contracts.Peers;
using MeshCall.Delivery.Session;
using MeshCall.Grains.Gateways;

namespace MeshCall.Grains.Peers;

/// <summary>
/// Carries a session's <see cref="SessionStream"/> to the gateway holding its connection: each event through the
/// silo's <see cref="GatewayPushes"/> (in a batch with others for that gateway), confirmed by the gateway's answer (or,
/// for an event handed to the caller's own gateway, by its next heartbeat).
/// </summary>
internal sealed class SessionOutbox(ILogger logger, string peer, SessionStream stream, GatewayPushes pushes)
{
    /// <summary>For a connection that states no push timeout (stored before it could): this, or a heartbeat interval if longer.</summary>
    private static readonly TimeSpan MinPushTimeout = TimeSpan.FromSeconds(2);

    public SessionStream Stream => stream;

    /// <summary>
    /// Numbers and keeps <paramref name="evt"/>, and pushes it if a connection holds the session. True once the
    /// gateway has it, or when no connection holds the session (it is kept for the resume); false if the push got
    /// no answer in time (the gateway's next heartbeat takes it from <see cref="SessionStream.Stalled"/>).
    /// </summary>
    public Task<bool> PushAsync(PeerEvent evt, GatewayConnection? connection, Action<GatewayConnection> lost)
    {
        var numbered = stream.Append(evt);
        return connection is null ? Task.FromResult(true) : SendAsync(numbered, connection, lost);
    }

    public Task<bool> ResendAsync(NumberedEvent numbered, GatewayConnection connection, Action<GatewayConnection> lost) =>
        SendAsync(numbered, connection, lost);

    /// <summary>
    /// Pushes to a (re)attached connection what its client has not seen (see <see cref="SessionStream.Replay"/>),
    /// and tells it how many events it lost, if any. Returns the seq the connection starts from.
    /// </summary>
    public long Replay(GatewayConnection connection, long? lastSeq, Action<GatewayConnection> lost)
    {
        var replay = stream.Replay(lastSeq);
        foreach (var numbered in replay.Events)
        {
            _ = SendAsync(numbered, connection, lost);
        }

        if (replay.Dropped > 0)
        {
            // More happened while the client was away than the session keeps: say so rather than pretend.
            PeerLog.BufferOverflow(logger, peer, replay.Dropped);
            _ = PushAsync(new EventsDroppedEvent(replay.Dropped), connection, lost);
        }

        return replay.FirstSeq;
    }

    private async Task<bool> SendAsync(NumberedEvent numbered, GatewayConnection connection, Action<GatewayConnection> lost)
    {
        switch (await pushes.PushAsync(connection, numbered, PushTimeout(connection)))
        {
            case PushResult.Confirmed:
                stream.Confirm(numbered.Seq);
                return true;
            case PushResult.ConnectionGone:
                // The gateway answered that it no longer has the connection: the session is away, and keeps the event for
                // its resume, which is as good as delivered to the sender.
                lost(connection);
                return true;
            default:
                // No answer says nothing about the connection (the path may run through a silo that just died); the
                // gateway's next heartbeat takes the event from Stalled().
                return false;
        }
    }

    /// <summary>How long a call to a connection's gateway may take before it counts as unanswered.</summary>
    public static TimeSpan PushTimeout(GatewayConnection connection) =>
        connection.PushTimeout > TimeSpan.Zero ? connection.PushTimeout
        : connection.HeartbeatInterval > MinPushTimeout ? connection.HeartbeatInterval : MinPushTimeout;
}
