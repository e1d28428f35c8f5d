using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace MeshCall.Delivery.Gateway;

/// <summary>
/// What one connection still has to write, bounded by count and by bytes: a client that stops reading costs
/// at most that much. Past either bound the backlog is dropped at once and a close goes ahead of it, so the
/// close does not wait behind what the client was not reading.
/// </summary>
public sealed class OutboundQueue<T>(int maxItems, long maxBytes)
    where T : IQueuedItem
{
    // Not SingleReader: a queue that overflows is drained by whoever overflowed it, while the writer may be reading.
    // A bounded channel that never fills (the bounds are counted here, and a close must always get in) grows its
    // store from nothing; an unbounded one starts every connection with a 32-slot segment (1.5 KiB, idle or not).
    private readonly Channel<T> _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(int.MaxValue));
    private long _bytes;
    private int _items;
    private int _abandoned;

    public long Bytes => Interlocked.Read(ref _bytes);

    public int Items => Volatile.Read(ref _items);

    /// <summary>Queues <paramref name="item"/>; false when that put the queue over a bound (or it was abandoned already).</summary>
    public bool TryEnqueue(T item)
    {
        if (Volatile.Read(ref _abandoned) != 0)
        {
            return false;
        }

        var items = Interlocked.Increment(ref _items);
        var bytes = Interlocked.Add(ref _bytes, item.Bytes);
        _channel.Writer.TryWrite(item);
        return items <= maxItems && bytes <= maxBytes;
    }

    /// <summary>Queues a close, which no bound refuses: a connection must always be closable.</summary>
    public void EnqueueClose(T close) => _channel.Writer.TryWrite(close);

    /// <summary>
    /// Drops the backlog and puts <paramref name="close"/> first; nothing is queued after it. True for the caller
    /// that abandoned the queue, false if it was abandoned before.
    /// </summary>
    public bool Abandon(T close)
    {
        if (Interlocked.Exchange(ref _abandoned, 1) != 0)
        {
            return false;
        }

        while (_channel.Reader.TryRead(out var dropped))
        {
            Taken(dropped);
        }

        _channel.Writer.TryWrite(close);
        _channel.Writer.TryComplete();
        return true;
    }

    /// <summary>No more items: the writer ends once it has written what is queued.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    public async IAsyncEnumerable<T> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellation = default)
    {
        while (await _channel.Reader.WaitToReadAsync(cancellation))
        {
            while (_channel.Reader.TryRead(out var item))
            {
                Taken(item);
                yield return item;
            }
        }
    }

    private void Taken(T item)
    {
        if (!item.Close)
        {
            Interlocked.Decrement(ref _items);
            Interlocked.Add(ref _bytes, -item.Bytes);
        }
    }
}

/// <summary>What an <see cref="OutboundQueue{T}"/> needs to know of an item: what it costs, and whether it closes the connection.</summary>
public interface IQueuedItem
{
    int Bytes { get; }

    bool Close { get; }
}
