using MeshCall.Peers;

namespace MeshCall.Gateway.Sessions;

/// <summary>
/// Restores a session's event order from <see cref="Delivery.Seq"/>: one-way pushes may overtake each other
/// on different paths, and a push may arrive twice after a resume. Events before the join reply is out are
/// held, so a client always hears `joined` first.
/// </summary>
internal sealed class EventSequencer(int maxGap)
{
    private readonly SortedDictionary<long, PeerEvent> _pending = [];
    private long _expected;
    private bool _released;

    /// <summary>Takes a delivery; returns the events now due, in order.</summary>
    public List<PeerEvent>? Accept(Delivery delivery)
    {
        if (_released && delivery.Seq < _expected)
        {
            return null;
        }

        _pending.TryAdd(delivery.Seq, delivery.Event);
        return _released ? Drain() : null;
    }

    /// <summary>Starts emitting from <paramref name="firstSeq"/>, the first event of the joined session.</summary>
    public List<PeerEvent>? Release(long firstSeq)
    {
        _released = true;
        _expected = firstSeq;
        foreach (var stale in _pending.Keys.Where(k => k < firstSeq).ToList())
        {
            _pending.Remove(stale);
        }

        return Drain();
    }

    private List<PeerEvent>? Drain()
    {
        // A gap that never fills (a push lost with its path) must not stall the session for ever.
        if (_pending.Count > maxGap)
        {
            _expected = _pending.Keys.First();
        }

        List<PeerEvent>? due = null;
        while (_pending.Remove(_expected, out var evt))
        {
            (due ??= []).Add(evt);
            _expected++;
        }

        return due;
    }
}
