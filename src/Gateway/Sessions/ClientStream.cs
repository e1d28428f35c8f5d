using MeshCall.Contracts.Peers;
using MeshCall.Delivery.Gateway;
using MeshCall.Delivery.Session;

namespace MeshCall.Gateway.Sessions;

/// <summary>
/// The gateway half of one client's event stream: events put back in order (<see cref="EventSequencer"/>), a signal
/// that comes twice dropped (a session restored on another silo forgets which it delivered), the roster the client
/// knows followed, and what is due queued for the transport within its bounds (<see cref="OutboundQueue{T}"/>).
/// Also what the client acknowledged, which its session hears with the next heartbeat.
/// </summary>
internal sealed class ClientStream(GatewayOptions options, GatewayMetrics metrics)
{
    private readonly EventSequencer _sequencer = new(maxGap: 1024, maxBytes: options.MaxQueuedBytes);
    private readonly DeliveredSignals _delivered = new();
    private readonly ClientAcknowledgements _acks = new();
    private readonly Lock _lock = new();

    /// <summary>What the transport writes, in order; it ends after a close item.</summary>
    public OutboundQueue<Outbound> Outbound { get; } = new(options.MaxQueuedEvents, options.MaxQueuedBytes);

    public SessionRoster Roster { get; } = new(metrics);

    /// <summary>Starts the events from <paramref name="firstSeq"/> (the join reply is on its way); false if that overflowed the queue.</summary>
    public bool Release(long firstSeq)
    {
        lock (_lock)
        {
            return Emit(_sequencer.Release(firstSeq));
        }
    }

    /// <summary>An event from the session; false if it overflowed the queue (the client is not reading).</summary>
    public bool Receive(NumberedEvent numbered)
    {
        lock (_lock)
        {
            return Emit(_sequencer.Accept(numbered));
        }
    }

    /// <summary>The client's <c>ack</c>; true when its session should hear of it before the next heartbeat.</summary>
    public bool Acknowledge(long seq)
    {
        lock (_lock)
        {
            return _acks.Take(seq, _sequencer.ReceivedUpTo);
        }
    }

    /// <summary>What a heartbeat tells the session: the last event this gateway has in order, and the last the client acknowledged.</summary>
    public (long ReceivedUpTo, long AckedUpTo) Cursors()
    {
        lock (_lock)
        {
            return (_sequencer.ReceivedUpTo, _acks.Forward());
        }
    }

    /// <summary>
    /// Lets a client that is not reading go: what it did not read is freed now, and the close goes ahead of it, written
    /// as soon as the socket takes it (within <c>Gateway:WriteTimeout</c>). True for the first caller only.
    /// </summary>
    public bool Abandon(string connectionId, ILogger logger)
    {
        var (items, bytes) = (Outbound.Items, Outbound.Bytes);
        if (!Outbound.Abandon(Sessions.Outbound.ForAbuse(Abuse.SlowConsumer)))
        {
            return false;
        }

        SessionLog.SlowConsumer(logger, connectionId, items, bytes);
        metrics.Dropped(Abuse.SlowConsumer);
        return true;
    }

    private bool Emit(IReadOnlyList<NumberedEvent> due)
    {
        for (var i = 0; i < due.Count; i++)
        {
            var numbered = due[i];
            if (numbered.Event is SignalEvent signal)
            {
                if (!_delivered.TryAdd(signal.From, signal.MsgId))
                {
                    continue;
                }

                metrics.Relayed(signal.AcceptedAtTicks);
            }

            Roster.Track(numbered.Event);
            if (!Outbound.TryEnqueue(Sessions.Outbound.ForEvent(numbered)))
            {
                return false;
            }
        }

        return true;
    }
}
