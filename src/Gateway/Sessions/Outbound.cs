using MeshCall.Contracts.Peers;
using MeshCall.Delivery.Gateway;

namespace MeshCall.Gateway.Sessions;

/// <summary>
/// One item for a connection's writer: an event from the cluster, a reply frame already serialised by the
/// transport, or the instruction to close (after a <c>closed</c> message, when a reason is given).
/// </summary>
/// <remarks>A frame with a <see cref="Method"/> is for a hub connection, which sends it as that client method.</remarks>
public readonly record struct Outbound(NumberedEvent? Event, byte[]? Frame, bool Close, CloseReason? Reason, Abuse? Abuse = null, string? Method = null) : IQueuedItem
{
    /// <summary>What the item holds, for the connection's bound on what it may have waiting.</summary>
    public int Bytes => Frame?.Length ?? Event?.Event.WireBytes ?? 0;

    public static Outbound ForEvent(NumberedEvent evt) => new(evt, null, false, null);

    public static Outbound ForFrame(byte[] frame) => new(null, frame, false, null);

    public static Outbound ForHubEvent(string method, byte[] payload) => new(null, payload, false, null, Method: method);

    public static Outbound ForClose(CloseReason? reason) => new(null, null, true, reason);

    /// <summary>Closes at once with a policy status, for a client that broke the protocol's hard limits.</summary>
    public static Outbound ForAbuse(Abuse abuse) => new(null, null, true, null, abuse);
}

/// <summary>Why a connection is closed on the server's initiative, without a <c>closed</c> message.</summary>
public enum Abuse
{
    /// <summary>A frame over <c>Limits:MaxFrameBytes</c>.</summary>
    FrameTooLarge,

    /// <summary><c>Limits:RateLimitStrikes</c> refused requests in a row.</summary>
    RateLimited,

    /// <summary>No <c>join</c> within <c>Gateway:JoinDeadline</c> of opening.</summary>
    NoJoin,

    /// <summary>More waiting to be written than <c>Gateway:MaxQueuedEvents</c> or <c>Gateway:MaxQueuedBytes</c>.</summary>
    SlowConsumer,
}
