using MeshCall.Contracts.Peers;

namespace MeshCall.Delivery.Gateway;

/// <summary>
/// Restores a session's event order from <see cref="NumberedEvent.Seq"/>: pushes may overtake each other on
/// different paths, and a push may arrive twice after a resume. Events before the join reply is out are
/// held, so a client always hears `joined` first. A session restored on another silo numbers its events
/// in a new epoch; whatever the old one still owed will not come, so the new epoch starts the count afresh.
/// A gap waits for its events (the session sends unconfirmed ones again with the next heartbeat) while at most
/// <c>maxGap</c> events or <c>maxBytes</c> wait behind it; past that the missing events are given up, and the client
/// is told how many with an <c>events-dropped</c> error numbered as the gap's last event.
/// </summary>
/// <remarks>
/// The events due are returned in one list the sequencer reuses: read it before the next call. An event that comes
/// in order with nothing waiting (nearly all of them) costs no allocation.
/// </remarks>
public sealed class EventSequencer(int maxGap, long maxBytes)
{
    private readonly SortedDictionary<long, NumberedEvent> _pending = [];
    private readonly List<NumberedEvent> _due = [];
    private long _pendingBytes;
    private long _expected;
    private bool _released;

    /// <summary>The last seq this session has, with none missing before it (0 before the join reply is out).</summary>
    public long ReceivedUpTo => _released ? _expected - 1 : 0;

    /// <summary>Takes a delivery; returns the events now due, in order (empty when none is).</summary>
    public IReadOnlyList<NumberedEvent> Accept(NumberedEvent delivery)
    {
        _due.Clear();
        if (_released && delivery.Seq < _expected)
        {
            return _due;
        }

        if (_released && delivery.Seq == _expected && _pending.Count == 0)
        {
            _due.Add(delivery);
            _expected++;
            return _due;
        }

        if (_pending.TryAdd(delivery.Seq, delivery))
        {
            _pendingBytes += delivery.Event.WireBytes;
        }

        if (!_released)
        {
            return _due;
        }

        var epoch = EventSeq.Epoch(delivery.Seq);
        if (epoch > EventSeq.Epoch(_expected))
        {
            // The old epoch's activation is gone: emit what it did send, then follow the new one from its start.
            foreach (var seq in _pending.Keys.Where(k => k < EventSeq.First(epoch)).ToList())
            {
                _due.Add(Take(seq));
            }

            _expected = Math.Max(_expected, EventSeq.First(epoch));
        }

        Drain();
        return _due;
    }

    /// <summary>Starts emitting from <paramref name="firstSeq"/>, the first event of the joined session.</summary>
    public IReadOnlyList<NumberedEvent> Release(long firstSeq)
    {
        _due.Clear();
        _released = true;
        _expected = firstSeq;
        foreach (var stale in _pending.Keys.Where(k => k < firstSeq).ToList())
        {
            Take(stale);
        }

        Drain();
        return _due;
    }

    private void Drain()
    {
        // A gap that never fills (a push lost with its path) must not stall the session, nor hold its memory, for ever.
        if (_pending.Count > maxGap || _pendingBytes > maxBytes)
        {
            var next = _pending.Keys.First();
            if (next > _expected)
            {
                _due.Add(new NumberedEvent(next - 1, new EventsDroppedEvent(next - _expected)));
                _expected = next;
            }
        }

        while (_pending.Count > 0 && _pending.ContainsKey(_expected))
        {
            _due.Add(Take(_expected));
            _expected++;
        }
    }

    private NumberedEvent Take(long seq)
    {
        _pending.Remove(seq, out var delivery);
        _pendingBytes -= delivery!.Event.WireBytes;
        return delivery;
    }
}
