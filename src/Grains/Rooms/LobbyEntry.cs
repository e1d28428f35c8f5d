using MeshCall.Contracts.Rooms;

namespace MeshCall.Grains.Rooms;

/// <summary>
/// A client waiting in a room's lobby: what it joins with (its gateway connection too, where the room answers it), and
/// whether a moderator has admitted it (it then waits only for its own join, which takes the entry).
/// </summary>
[GenerateSerializer, Immutable, Alias("meshcall.LobbyEntry")]
public sealed record LobbyEntry(
    [property: Id(0)] string LobbyId,
    [property: Id(1)] MemberEntry Entry,
    [property: Id(2)] bool Admitted = false)
{
    public LobbyKnock Knock => new(LobbyId, Entry.Name);
}
