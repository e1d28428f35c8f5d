using MeshCall.Contracts.Rooms;

namespace MeshCall.Contracts.Peers;

/// <summary>Something a peer's session pushes to the connection that holds it.</summary>
[GenerateSerializer, Immutable, Alias("meshcall.PeerEvent")]
public abstract record PeerEvent
{
    /// <summary>Roughly what the event costs as a message to a client: what buffers for it are bounded by.</summary>
    public virtual int WireBytes => 128;
}

[GenerateSerializer, Immutable, Alias("meshcall.PeerJoinedEvent")]
public sealed record PeerJoinedEvent(
    [property: Id(0)] PeerId PeerId,
    [property: Id(1)] string Name,
    [property: Id(2)] MemberRole Role = MemberRole.Member,
    [property: Id(3)] byte[]? Attributes = null) : PeerEvent
{
    public override int WireBytes => (Attributes?.Length ?? 0) + 192;
}

[GenerateSerializer, Immutable, Alias("meshcall.PeerLeftEvent")]
public sealed record PeerLeftEvent([property: Id(0)] PeerId PeerId, [property: Id(1)] LeaveReason Reason) : PeerEvent;

[GenerateSerializer, Immutable, Alias("meshcall.PeerStateEvent")]
public sealed record PeerStateEvent([property: Id(0)] PeerId PeerId, [property: Id(1)] PresenceState State) : PeerEvent;

/// <summary>
/// An addressed signal. <see cref="Data"/> is the sender's raw UTF-8 JSON, relayed untouched;
/// <see cref="MsgId"/> is the sender's own number for it (0 when it gave none), by which retries are recognised;
/// <see cref="AcceptedAtTicks"/> is when the sender's gateway took it (UTC ticks), for the relay-latency metric.
/// </summary>
[GenerateSerializer, Immutable, Alias("meshcall.SignalEvent")]
public sealed record SignalEvent(
    [property: Id(0)] PeerId From,
    [property: Id(1)] SignalType Type,
    [property: Id(2)] byte[] Data,
    [property: Id(3)] long MsgId = 0,
    [property: Id(4)] long AcceptedAtTicks = 0) : PeerEvent
{
    public override int WireBytes => Data.Length + 160;
}

/// <summary>A message to every other member. <see cref="Data"/> is raw UTF-8 JSON.</summary>
[GenerateSerializer, Immutable, Alias("meshcall.BroadcastEvent")]
public sealed record BroadcastEvent([property: Id(0)] PeerId From, [property: Id(1)] byte[] Data) : PeerEvent
{
    public override int WireBytes => Data.Length + 128;
}

/// <summary>Events held for a peer that did not fit its buffer: the client is told how many it will never get.</summary>
[GenerateSerializer, Immutable, Alias("meshcall.EventsDroppedEvent")]
public sealed record EventsDroppedEvent([property: Id(0)] long Count) : PeerEvent;

/// <summary>
/// One event in a peer's outbound stream. <see cref="Seq"/> counts up by one per event within an activation
/// of the session's grain; its high 32 bits are the activation's epoch, which grows each time the session is
/// restored on another silo. A gateway restores order and drops duplicates by it; a client resumes from it.
/// </summary>
[GenerateSerializer, Immutable, Alias("meshcall.Delivery")]
public sealed record NumberedEvent([property: Id(0)] long Seq, [property: Id(1)] PeerEvent Event);

public static class EventSeq
{
    private const int EpochShift = 32;

    public static long First(long epoch) => (epoch << EpochShift) + 1;

    public static long Epoch(long seq) => seq >> EpochShift;
}
