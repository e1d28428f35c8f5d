using MeshCall.Contracts.Gateways;

namespace MeshCall.Grains.Gateways;

/// <summary>The most one call to a gateway carries: a burst goes as several calls rather than one huge message.</summary>
public sealed record PushBatchLimits(int MaxEvents, long MaxBytes)
{
    /// <summary>256 events or 512 KiB (by <see cref="Peers.PeerEvent.WireBytes"/>); an event larger than that goes alone.</summary>
    public static readonly PushBatchLimits Default = new(256, 512 * 1024);
}
