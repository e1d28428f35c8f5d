using MeshCall.Contracts;
using MeshCall.Contracts.Peers;

namespace MeshCall.Grains.Peers;

/// <summary>A session's part in relaying: signals, broadcasts and presence, each stamped and numbered.</summary>
public sealed partial class PeerGrain
{
    public async Task<SignalReceipt> DeliverSignalAsync(PeerId from, SignalType type, byte[] data, long msgId, long acceptedAtTicks, string viaGateway)
    {
        if (!await KnowsAsync(from))
        {
            if (Room is null && !_joining)
            {
                // A stray id must not leave an activation behind.
                DeactivateOnIdle();
            }

            return SignalReceipt.UnknownPeer;
        }

        // `ok` means the addressee's gateway has the signal (or, while it is away, its session keeps it). On the
        // caller's own gateway that is once the caller has queued it: one call per signal instead of two.
        if ((_delivered ??= new()).TryAdd(from, msgId))
        {
            var signal = new SignalEvent(from, type, data, msgId, acceptedAtTicks);
            if (_connection is { } local && local.GatewayId == viaGateway)
            {
                return SignalReceipt.Hand(Outbox.Stream.Append(signal), local.ConnectionId);
            }

            return await Outbox.PushAsync(signal, _connection, ConnectionLost) ? SignalReceipt.Delivered : SignalReceipt.Unavailable;
        }

        // A retry of one seen before: delivered, unless its push never got through, which is tried again now.
        if (_connection is { } connection && Outbox.Stream.FindUnconfirmed(from, msgId) is { } earlier)
        {
            if (connection.GatewayId == viaGateway)
            {
                return SignalReceipt.Hand(earlier, connection.ConnectionId);
            }

            return await Outbox.ResendAsync(earlier, connection, ConnectionLost) ? SignalReceipt.Delivered : SignalReceipt.Unavailable;
        }

        return SignalReceipt.Delivered;
    }

    public async Task BroadcastAsync(byte[] data)
    {
        if (Room is null)
        {
            return;
        }

        var self = Self;
        await Task.WhenAll(_roster.Others.ToArray().Select(p => GrainFactory.GetPeer(p).DeliverBroadcastAsync(self, data)));
    }

    public Task DeliverBroadcastAsync(PeerId from, byte[] data)
    {
        if (Room is not null && _roster.Contains(from))
        {
            Push(new BroadcastEvent(from, data));
        }

        return Task.CompletedTask;
    }

    public Task OnPeerStateAsync(PeerId peer, PresenceState presence)
    {
        if (Room is not null && _roster.Contains(peer))
        {
            Push(new PeerStateEvent(peer, presence));
        }

        return Task.CompletedTask;
    }

    private void Push(PeerEvent evt) => _ = Outbox.PushAsync(evt, _connection, ConnectionLost);
}
