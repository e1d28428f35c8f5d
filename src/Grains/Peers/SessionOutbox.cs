using MeshCall.Gateways;

namespace MeshCall.Peers;

/// <summary>
/// A session's ordered outbound stream: numbers every event, pushes it to the connection that holds the
/// session, and holds a bounded backlog while no connection does.
/// </summary>
internal sealed class SessionOutbox(ILogger logger, string peer, int capacity)
{
    private readonly Queue<Delivery> _backlog = new();
    private long _nextSeq = 1;
    private int _dropped;

    public long NextSeq => _nextSeq;

    /// <summary>The seq of the first event a (re)attached connection will receive.</summary>
    public long FirstPending => _backlog.TryPeek(out var first) ? first.Seq : _nextSeq;

    public void Push(PeerEvent evt, GatewayConnection? connection)
    {
        var delivery = new Delivery(_nextSeq++, evt);
        if (connection is null)
        {
            Hold(delivery);
            return;
        }

        Send(delivery, connection);
    }

    /// <summary>Sends what was held while disconnected, and logs how much did not fit.</summary>
    public void Flush(GatewayConnection connection)
    {
        while (_backlog.TryDequeue(out var delivery))
        {
            Send(delivery, connection);
        }

        if (_dropped > 0)
        {
            PeerLog.BufferOverflow(logger, peer, _dropped);
            _dropped = 0;
        }
    }

    public void Clear()
    {
        _backlog.Clear();
        _dropped = 0;
    }

    private void Hold(Delivery delivery)
    {
        _backlog.Enqueue(delivery);
        if (_backlog.Count > capacity)
        {
            _backlog.Dequeue();
            _dropped++;
        }
    }

    private void Send(Delivery delivery, GatewayConnection connection)
    {
        try
        {
            // One-way: returns at once; a lost gateway is noticed by its missing heartbeats.
            _ = connection.Observer.DeliverAsync(connection.ConnectionId, delivery);
        }
        catch (Exception ex)
        {
            PeerLog.PushFailed(logger, ex, connection);
        }
    }
}
