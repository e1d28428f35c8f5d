using MeshCall.Peers;
using MeshCall.Rooms;

namespace MeshCall;

/// <summary>Typed keys at call sites instead of raw strings.</summary>
public static class GrainFactoryExtensions
{
    public static IPeerGrain GetPeer(this IGrainFactory factory, PeerId id) => factory.GetGrain<IPeerGrain>(id.Value);

    public static IRoomGrain GetRoom(this IGrainFactory factory, RoomId id) => factory.GetGrain<IRoomGrain>(id.Value);
}
