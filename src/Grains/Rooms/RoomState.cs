using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Grains.Rooms;

/// <summary>
/// What of a room survives the loss of its silo: the members in join order (with their roles), the roster version,
/// and the room's settings.
/// </summary>
[GenerateSerializer, Alias("meshcall.RoomState")]
public sealed class RoomState
{
    [Id(0)]
    public List<RoomMember> Members { get; set; } = [];

    [Id(1)]
    public long Version { get; set; }

    [Id(2)]
    public RoomSettings Settings { get; set; }

    public bool Contains(PeerId peer) => Members.Exists(m => m.PeerId == peer);

    public RoomMember? Find(PeerId peer) => Members.Find(m => m.PeerId == peer);
}
