using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Contracts;

/// <summary>Typed keys at call sites instead of raw strings.</summary>
public static class GrainFactoryExtensions
{
    public static IPeerGrain GetPeer(this IGrainFactory factory, PeerId id) => References<IPeerGrain>.Get(factory, id.Value);

    public static IRoomGrain GetRoom(this IGrainFactory factory, RoomId id) => References<IRoomGrain>.Get(factory, id.Value);

    /// <summary>
    /// Grain references made from a grain type and interface type found once. <c>GetGrain&lt;T&gt;(key)</c> works them
    /// out of <typeparamref name="T"/> on every call, formatting its type name each time: 5% of an embedded gateway's
    /// CPU while relaying, 6% during a join storm (where a room makes one per member it tells).
    /// </summary>
    private static class References<T>
        where T : IGrainWithStringKey
    {
        // One object written once, so no thread can read a grain type without its interface type.
        private static GrainTypes? _types;

        public static T Get(IGrainFactory factory, string key)
        {
            if (Volatile.Read(ref _types) is { } types)
            {
                return (T)factory.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
            }

            var reference = factory.GetGrain<T>(key);
            var grain = (GrainReference)(object)reference;
            Volatile.Write(ref _types, new GrainTypes(grain.GrainId.Type, grain.InterfaceType));
            return reference;
        }
    }

    private sealed record GrainTypes(GrainType Grain, GrainInterfaceType Interface);
}
