using MeshCall.Peers;

namespace MeshCall.Gateway.Sessions;

/// <summary>
/// Restores a session's event order from <see cref="Delivery.Seq"/>: pushes may overtake each other on
/// different paths, and a push may arrive twice after a resume. Events before the join reply is out are
/// held, so a client always hears `joined` first. A session restored on another silo numbers its events
/// in a new epoch; whatever the old one still owed will not come, so the new epoch starts the count afresh.
/// </summary>
internal sealed class EventSequencer(int maxGap)
{
    private readonly SortedDictionary<long, Delivery> _pending = [];
    private long _expected;
    private bool _released;

    /// <summary>The last seq this session has, with none missing before it (0 before the join reply is out).</summary>
    public long ReceivedUpTo => _released ? _expected - 1 : 0;

    /// <summary>Takes a delivery; returns the events now due, in order.</summary>
    public List<Delivery>? Accept(Delivery delivery)
    {
        if (_released && delivery.Seq < _expected)
        {
            return null;
        }

        _pending.TryAdd(delivery.Seq, delivery);
        if (!_released)
        {
            return null;
        }

        var epoch = EventSeq.Epoch(delivery.Seq);
        if (epoch > EventSeq.Epoch(_expected))
        {
            // The old epoch's activation is gone: emit what it did send, then follow the new one from its start.
            var due = DrainAll(below: EventSeq.First(epoch));
            _expected = Math.Max(_expected, EventSeq.First(epoch));
            return Concat(due, Drain());
        }

        return Drain();
    }

    /// <summary>Starts emitting from <paramref name="firstSeq"/>, the first event of the joined session.</summary>
    public List<Delivery>? Release(long firstSeq)
    {
        _released = true;
        _expected = firstSeq;
        foreach (var stale in _pending.Keys.Where(k => k < firstSeq).ToList())
        {
            _pending.Remove(stale);
        }

        return Drain();
    }

    private List<Delivery>? Drain()
    {
        // A gap that never fills (a push lost with its path) must not stall the session for ever.
        if (_pending.Count > maxGap)
        {
            _expected = _pending.Keys.First();
        }

        List<Delivery>? due = null;
        while (_pending.Remove(_expected, out var delivery))
        {
            (due ??= []).Add(delivery);
            _expected++;
        }

        return due;
    }

    private List<Delivery>? DrainAll(long below)
    {
        List<Delivery>? due = null;
        foreach (var seq in _pending.Keys.Where(k => k < below).ToList())
        {
            _pending.Remove(seq, out var delivery);
            (due ??= []).Add(delivery!);
        }

        return due;
    }

    private static List<Delivery>? Concat(List<Delivery>? first, List<Delivery>? then) =>
        first is null ? then : then is null ? first : [.. first, .. then];
}
