using System.Collections.Immutable;
using MeshCall.Contracts.Peers;

namespace MeshCall.Contracts.Rooms;

/// <summary>
/// One member as its room knows it. <see cref="Subject"/> is its grant's <c>sub</c>, for the application's backend only
/// (never sent to clients); null when it joined without a grant. <see cref="Attributes"/> is the member's own JSON object
/// as it sent it (raw UTF-8, relayed untouched), null when it has none: a copy of every member is in every member's
/// roster, and most members have none, which then costs nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("meshcall.RoomMember")]
public sealed record RoomMember(
    [property: Id(0)] PeerId PeerId,
    [property: Id(1)] string Name,
    [property: Id(2)] MemberRole Role = MemberRole.Member,
    [property: Id(3)] string? Subject = null,
    [property: Id(4)] byte[]? Attributes = null);

/// <summary>
/// The answer to a join. <see cref="Version"/> is the room's roster version after the join: roster changes
/// a member learns of are numbered, so one that overtakes the join reply is applied in the right order. Admitted, it
/// carries the newcomer's <see cref="Role"/> and the room's <see cref="Settings"/>; refused, whether the room is
/// <see cref="Locked"/> (else it is full). A lobby room's answer to a fresh join is <see cref="LobbyId"/> (it waits
/// there); a newcomer that moderates gets the <see cref="Knocks"/> waiting; an admitted ticket that is no longer in the
/// lobby (the client left it meanwhile) is <see cref="Denied"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("meshcall.RoomJoinOutcome")]
public sealed record RoomJoinOutcome(
    [property: Id(0)] bool Admitted,
    [property: Id(1)] long Version,
    [property: Id(2)] ImmutableArray<RoomMember> Others,
    [property: Id(3)] int MaxPeers,
    [property: Id(4)] RoomSettings Settings = default,
    [property: Id(5)] MemberRole Role = MemberRole.Member,
    [property: Id(6)] bool Locked = false,
    [property: Id(7)] string? LobbyId = null,
    [property: Id(8)] ImmutableArray<LobbyKnock> Knocks = default,
    [property: Id(9)] bool Denied = false);

/// <summary>A room's members, oldest first, at roster <see cref="Version"/>.</summary>
[GenerateSerializer, Immutable, Alias("meshcall.RoomRoster")]
public sealed record RoomRoster(
    [property: Id(0)] long Version,
    [property: Id(1)] ImmutableArray<RoomMember> Members,
    [property: Id(2)] RoomSettings Settings = default);
