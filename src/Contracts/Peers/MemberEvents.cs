using MeshCall.Contracts.Rooms;

namespace MeshCall.Contracts.Peers;

/// <summary>A member's role changed (PROTOCOL.md `role-changed`): told to every member, that one too.</summary>
[GenerateSerializer, Immutable, Alias("meshcall.RoleChangedEvent")]
public sealed record RoleChangedEvent([property: Id(0)] PeerId PeerId, [property: Id(1)] MemberRole Role) : PeerEvent;

/// <summary>A member set its attributes (PROTOCOL.md `peer-updated`); null is none (<c>{}</c>).</summary>
[GenerateSerializer, Immutable, Alias("meshcall.PeerUpdatedEvent")]
public sealed record PeerUpdatedEvent([property: Id(0)] PeerId PeerId, [property: Id(1)] byte[]? Attributes) : PeerEvent
{
    public override int WireBytes => (Attributes?.Length ?? 0) + 128;
}

/// <summary>A moderator changed the room's settings (PROTOCOL.md `room-updated`).</summary>
[GenerateSerializer, Immutable, Alias("meshcall.RoomUpdatedEvent")]
public sealed record RoomUpdatedEvent([property: Id(0)] RoomSettings Settings, [property: Id(1)] PeerId By) : PeerEvent;

/// <summary>A moderator asks this member's client to mute or stop its camera (PROTOCOL.md `moderation`).</summary>
[GenerateSerializer, Immutable, Alias("meshcall.ModerationEvent")]
public sealed record ModerationEvent([property: Id(0)] ModerationAction Action, [property: Id(1)] PeerId By) : PeerEvent;

/// <summary>Someone waits in the room's lobby (PROTOCOL.md `knock`): told to moderators only.</summary>
[GenerateSerializer, Immutable, Alias("meshcall.KnockEvent")]
public sealed record KnockEvent([property: Id(0)] LobbyKnock Knock) : PeerEvent;

/// <summary>A lobby entry is settled or gone (PROTOCOL.md `knock-withdrawn`): told to moderators only.</summary>
[GenerateSerializer, Immutable, Alias("meshcall.KnockWithdrawnEvent")]
public sealed record KnockWithdrawnEvent([property: Id(0)] string LobbyId) : PeerEvent;
