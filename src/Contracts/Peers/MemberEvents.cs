using MeshCall.Contracts.Rooms;

namespace MeshCall.Contracts.Peers;

/// <summary>A member's role changed (PROTOCOL.md `role-changed`): told to every member, that one too.</summary>
[GenerateSerializer, Immutable, Alias("meshcall.RoleChangedEvent")]
public sealed record RoleChangedEvent([property: Id(0)] PeerId PeerId, [property: Id(1)] MemberRole Role) : PeerEvent;

/// <summary>A moderator changed the room's settings (PROTOCOL.md `room-updated`).</summary>
[GenerateSerializer, Immutable, Alias("meshcall.RoomUpdatedEvent")]
public sealed record RoomUpdatedEvent([property: Id(0)] RoomSettings Settings, [property: Id(1)] PeerId By) : PeerEvent;

/// <summary>A moderator asks this member's client to mute or stop its camera (PROTOCOL.md `moderation`).</summary>
[GenerateSerializer, Immutable, Alias("meshcall.ModerationEvent")]
public sealed record ModerationEvent([property: Id(0)] ModerationAction Action, [property: Id(1)] PeerId By) : PeerEvent;
