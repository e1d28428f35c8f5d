using System.Collections.Immutable;
using MeshCall.Contracts.Peers;

namespace MeshCall.Contracts.Rooms;

[GenerateSerializer, Immutable, Alias("meshcall.RoomMember")]
public sealed record RoomMember([property: Id(0)] PeerId PeerId, [property: Id(1)] string Name);

/// <summary>
/// The answer to a join. <see cref="Version"/> is the room's roster version after the join: roster changes
/// a member learns of are numbered, so one that overtakes the join reply is applied in the right order.
/// </summary>
[GenerateSerializer, Immutable, Alias("meshcall.RoomJoinOutcome")]
public sealed record RoomJoinOutcome(
    [property: Id(0)] bool Admitted,
    [property: Id(1)] long Version,
    [property: Id(2)] ImmutableArray<RoomMember> Others,
    [property: Id(3)] int MaxPeers);

/// <summary>A room's members, oldest first, at roster <see cref="Version"/>.</summary>
[GenerateSerializer, Immutable, Alias("meshcall.RoomRoster")]
public sealed record RoomRoster([property: Id(0)] long Version, [property: Id(1)] ImmutableArray<RoomMember> Members);
