using System.Collections.Immutable;
using MeshCall.Contracts.Peers;

namespace MeshCall.Delivery.Session;

/// <summary>
/// A session's numbered event stream, as the session keeps it. Numbers every event, keeps each one until its
/// client has acknowledged it (at most <c>capacity</c> events and <c>maxBytes</c> of them: a client that never
/// acknowledges costs that much), and tracks what the gateway holding the connection confirmed it has, so that
/// what a path lost is sent again and a client that comes back (on any gateway) gets what it missed.
/// </summary>
/// <remarks>
/// Three cursors, each the last seq of a prefix: the client acknowledged (<see cref="AcknowledgedUpTo"/>) ≤ the
/// gateway confirmed ≤ numbered. The byte bound is what keeps a replay within what a gateway queues for one client.
/// Not thread-safe: a grain's turn owns it.
/// </remarks>
public sealed class SessionStream(int capacity, long maxBytes, IRetentionGauge? gauge = null)
{
    private readonly Queue<NumberedEvent> _retained = new();
    private readonly HashSet<long> _confirmedAhead = [];
    private long _retainedBytes;
    private long _epochStart = EventSeq.First(0);
    private long _next = EventSeq.First(0);
    private long _confirmed = EventSeq.First(0) - 1;
    private long _acknowledged = EventSeq.First(0) - 1;
    private long _pushedAtLastCheck = EventSeq.First(0) - 1;

    public long NextSeq => _next;

    /// <summary>The last seq the client said it has handled (with every one before it).</summary>
    public long AcknowledgedUpTo => _acknowledged;

    public int RetainedCount => _retained.Count;

    public long RetainedBytes => _retainedBytes;

    /// <summary>Starts numbering afresh in <paramref name="epoch"/>: the session was restored, and old numbers must never repeat.</summary>
    public void StartEpoch(long epoch)
    {
        Clear();
        _epochStart = _next = EventSeq.First(epoch);
        _confirmed = _acknowledged = _pushedAtLastCheck = _next - 1;
    }

    /// <summary>Numbers and keeps <paramref name="evt"/>; past the bounds the oldest kept events are let go.</summary>
    public NumberedEvent Append(PeerEvent evt)
    {
        var numbered = new NumberedEvent(_next++, evt);
        _retained.Enqueue(numbered);
        Retained(1, evt.WireBytes);
        while (_retained.Count > capacity || (_retainedBytes > maxBytes && _retained.Count > 1))
        {
            Release(_retained.Dequeue());
        }

        return numbered;
    }

    /// <summary>The gateway confirmed it has <paramref name="seq"/> (confirmations may come in any order).</summary>
    public void Confirm(long seq)
    {
        if (seq == _confirmed + 1)
        {
            _confirmed = seq;
            while (_confirmedAhead.Remove(_confirmed + 1))
            {
                _confirmed++;
            }
        }
        else if (seq > _confirmed && seq < _next)
        {
            _confirmedAhead.Add(seq);
        }
    }

    /// <summary>The gateway has every event up to <paramref name="receivedUpTo"/> (in this epoch; others are ignored).</summary>
    public void GatewayReceived(long receivedUpTo)
    {
        if (!InThisEpoch(receivedUpTo) || receivedUpTo <= _confirmed)
        {
            return;
        }

        _confirmed = Math.Min(receivedUpTo, _next - 1);
        _confirmedAhead.RemoveWhere(seq => seq <= _confirmed);
        while (_confirmedAhead.Remove(_confirmed + 1))
        {
            _confirmed++;
        }
    }

    /// <summary>
    /// The client has handled every event up to <paramref name="ackedUpTo"/>: they are no longer kept. An ack from
    /// an earlier epoch, or of what was never numbered, changes nothing beyond what was numbered.
    /// </summary>
    public void Acknowledge(long ackedUpTo)
    {
        if (!InThisEpoch(ackedUpTo) || ackedUpTo <= _acknowledged)
        {
            return;
        }

        _acknowledged = Math.Min(ackedUpTo, _next - 1);
        while (_retained.TryPeek(out var oldest) && oldest.Seq <= _acknowledged)
        {
            Release(_retained.Dequeue());
        }

        // What the client has, its gateway had.
        GatewayReceived(_acknowledged);
    }

    public bool IsConfirmed(long seq) => seq <= _confirmed || _confirmedAhead.Contains(seq);

    /// <summary>The kept signal <paramref name="msgId"/> from <paramref name="from"/>, if it is still kept and unconfirmed.</summary>
    public NumberedEvent? FindUnconfirmed(PeerId from, long msgId)
    {
        NumberedEvent? found = null;
        foreach (var kept in _retained)
        {
            if (kept.Event is SignalEvent s && s.MsgId == msgId && s.From == from && !IsConfirmed(kept.Seq))
            {
                found = kept;
            }
        }

        return found;
    }

    /// <summary>Called on the session's clock: events numbered before now and unconfirmed by the next call have stalled.</summary>
    public void MarkCheck() => _pushedAtLastCheck = _next - 1;

    /// <summary>
    /// The kept events numbered before the last check and still unconfirmed: their path to the gateway failed (e.g.
    /// through a silo that died). The gateway takes them from its heartbeat's reply instead; it drops what it has.
    /// </summary>
    public ImmutableArray<NumberedEvent> Stalled() =>
        _confirmed >= _pushedAtLastCheck ? [] : [.. _retained.Where(d => d.Seq <= _pushedAtLastCheck && !IsConfirmed(d.Seq))];

    /// <summary>
    /// What a (re)attached connection must be sent: the kept events after <paramref name="lastSeq"/> (what the client
    /// says it saw) or, without it, after what a gateway confirmed — never what the client acknowledged. When more
    /// happened than was kept, <see cref="StreamReplay.Dropped"/> says how many are lost.
    /// </summary>
    public StreamReplay Replay(long? lastSeq)
    {
        var from = lastSeq is { } seen ? Math.Clamp(seen + 1, _epochStart, _next) : _confirmed + 1;
        from = Math.Max(from, _acknowledged + 1);
        var oldest = _retained.TryPeek(out var first) ? first.Seq : _next;
        var events = _retained.Where(d => d.Seq >= from).ToList();
        return oldest > from ? new StreamReplay(events, oldest, oldest - from) : new StreamReplay(events, from, 0);
    }

    public void Clear()
    {
        Retained(-_retained.Count, -_retainedBytes);
        _retained.Clear();
        _confirmedAhead.Clear();
    }

    private bool InThisEpoch(long seq) => EventSeq.Epoch(seq) == EventSeq.Epoch(_epochStart);

    private void Release(NumberedEvent dropped) => Retained(-1, -dropped.Event.WireBytes);

    private void Retained(long events, long bytes)
    {
        _retainedBytes += bytes;
        gauge?.Add(events, bytes);
    }
}

/// <summary>
/// What a (re)attached connection is sent: <see cref="Events"/> from <see cref="FirstSeq"/> on, after
/// <see cref="Dropped"/> events that were no longer kept.
/// </summary>
public sealed record StreamReplay(IReadOnlyList<NumberedEvent> Events, long FirstSeq, long Dropped);

/// <summary>Where a stream counts what it keeps (the silo's metrics sum it over its sessions).</summary>
public interface IRetentionGauge
{
    void Add(long events, long bytes);
}
