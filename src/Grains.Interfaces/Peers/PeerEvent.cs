namespace MeshCall.Peers;

/// <summary>Something a peer's session pushes to the connection that holds it.</summary>
[GenerateSerializer, Immutable, Alias("meshcall.PeerEvent")]
public abstract record PeerEvent;

[GenerateSerializer, Immutable, Alias("meshcall.PeerJoinedEvent")]
public sealed record PeerJoinedEvent([property: Id(0)] PeerId PeerId, [property: Id(1)] string Name) : PeerEvent;

[GenerateSerializer, Immutable, Alias("meshcall.PeerLeftEvent")]
public sealed record PeerLeftEvent([property: Id(0)] PeerId PeerId, [property: Id(1)] LeaveReason Reason) : PeerEvent;

[GenerateSerializer, Immutable, Alias("meshcall.PeerStateEvent")]
public sealed record PeerStateEvent([property: Id(0)] PeerId PeerId, [property: Id(1)] PresenceState State) : PeerEvent;

/// <summary>An addressed signal. <see cref="Data"/> is the sender's raw UTF-8 JSON, relayed untouched.</summary>
[GenerateSerializer, Immutable, Alias("meshcall.SignalEvent")]
public sealed record SignalEvent(
    [property: Id(0)] PeerId From,
    [property: Id(1)] SignalType Type,
    [property: Id(2)] byte[] Data) : PeerEvent;

/// <summary>A message to every other member. <see cref="Data"/> is raw UTF-8 JSON.</summary>
[GenerateSerializer, Immutable, Alias("meshcall.BroadcastEvent")]
public sealed record BroadcastEvent([property: Id(0)] PeerId From, [property: Id(1)] byte[] Data) : PeerEvent;

[GenerateSerializer, Immutable, Alias("meshcall.SessionClosedEvent")]
public sealed record SessionClosedEvent([property: Id(0)] CloseReason Reason) : PeerEvent;

/// <summary>
/// One event in a peer's outbound stream. <see cref="Seq"/> counts up by one per event for the life of the
/// session (across resumes), so a gateway can restore order and drop duplicates whatever path a message took.
/// </summary>
[GenerateSerializer, Immutable, Alias("meshcall.Delivery")]
public sealed record Delivery([property: Id(0)] long Seq, [property: Id(1)] PeerEvent Event);
