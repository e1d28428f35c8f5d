using MeshCall.Contracts.Peers;

namespace MeshCall.Delivery.Session;

/// <summary>
/// Which numbered signals from each sender were delivered, so a retry (after a timeout that may still have
/// run, or a reconnect) is acknowledged without being delivered twice. Remembers the last
/// <c>window</c> ids per sender; anything older than those counts as delivered.
/// </summary>
public sealed class DeliveredSignals(int window = 256)
{
    private readonly Dictionary<PeerId, Sender> _senders = [];

    /// <summary>Records <paramref name="msgId"/> from <paramref name="from"/>; false if it was delivered before.</summary>
    public bool TryAdd(PeerId from, long msgId)
    {
        if (msgId <= 0)
        {
            return true;
        }

        if (!_senders.TryGetValue(from, out var sender))
        {
            _senders[from] = sender = new Sender();
        }

        if (msgId <= sender.Floor || !sender.Seen.Add(msgId))
        {
            return false;
        }

        sender.Order.Enqueue(msgId);
        if (sender.Order.Count > window)
        {
            var oldest = sender.Order.Dequeue();
            sender.Seen.Remove(oldest);
            sender.Floor = Math.Max(sender.Floor, oldest);
        }

        return true;
    }

    public void Forget(PeerId sender) => _senders.Remove(sender);

    public void Clear() => _senders.Clear();

    private sealed class Sender
    {
        public HashSet<long> Seen { get; } = [];

        public Queue<long> Order { get; } = new();

        public long Floor { get; set; }
    }
}
