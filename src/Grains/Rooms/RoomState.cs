using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;
using MeshCall.Grains.Webhooks;

namespace MeshCall.Grains.Rooms;

/// <summary>
/// What of a room survives the loss of its silo: the members in join order (with their roles), the roster version,
/// the room's settings, and who waits in its lobby.
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

    /// <summary>Webhook events not yet settled with every URL, oldest first (Id 2 is taken by the room's settings).</summary>
    [Id(3)]
    public List<PendingWebhook> Webhooks { get; set; } = [];

    /// <summary>Who waits in the lobby, oldest first: a room restored elsewhere still knows them.</summary>
    [Id(4)]
    public List<LobbyEntry> Lobby { get; set; } = [];

    public bool Contains(PeerId peer) => Members.Exists(m => m.PeerId == peer);

    public RoomMember? Find(PeerId peer) => Members.Find(m => m.PeerId == peer);
}
