using MeshCall.Contracts.Peers;

namespace MeshCall.Grains.Tests;

internal static class Relaying
{
    /// <summary>A signal as a gateway other than the addressee's sends it: the session pushes it to the addressee's gateway.</summary>
    public static async Task<RelayOutcome> RelayAsync(this IPeerGrain addressee, PeerId from, SignalType type, byte[] data, long msgId) =>
        (await addressee.DeliverSignalAsync(from, type, data, msgId, 0, "another gateway")).Outcome;
}
