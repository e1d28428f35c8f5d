using System.Collections.Immutable;
using MeshCall.Contracts.Peers;
using MeshCall.Gateway.Protocol;

namespace MeshCall.Gateway.Sessions;

/// <summary>
/// The room's other members as one client knows them: those of its <c>joined</c>, then the <c>peer-joined</c> and
/// <c>peer-left</c> it is sent. What names anyone else is settled at the gateway: a signal to a stranger is
/// <c>unknown-peer</c> without a grain call, and a <c>stats</c> entry about one is ignored, so the negotiation telemetry
/// a connection keeps is bounded by its room.
/// </summary>
internal sealed class SessionRoster(GatewayMetrics metrics)
{
    private readonly HashSet<PeerId> _others = [];
    private readonly NegotiationTelemetry _negotiation = new(metrics);
    private readonly Lock _lock = new();

    public void Reset(IEnumerable<PeerId> others)
    {
        lock (_lock)
        {
            _others.Clear();
            _others.UnionWith(others);
        }
    }

    /// <summary>Follows an event on its way to the client.</summary>
    public void Track(PeerEvent evt)
    {
        if (evt is not (PeerJoinedEvent or PeerLeftEvent))
        {
            return;
        }

        lock (_lock)
        {
            if (evt is PeerJoinedEvent joined)
            {
                _others.Add(joined.PeerId);
            }
            else if (evt is PeerLeftEvent left)
            {
                _others.Remove(left.PeerId);
                _negotiation.Forget(left.PeerId.Value);
            }
        }
    }

    public ImmutableArray<PeerId> Members()
    {
        lock (_lock)
        {
            return [.. _others];
        }
    }

    public bool Contains(PeerId peer)
    {
        lock (_lock)
        {
            return _others.Contains(peer);
        }
    }

    /// <summary>Counts a <c>stats</c> report's entries about the room's members; the rest are ignored.</summary>
    public void Report(IEnumerable<PeerReport> reports)
    {
        lock (_lock)
        {
            _negotiation.Take(reports.Where(r => PeerId.TryParse(r.PeerId, out var peer) && _others.Contains(peer)));
        }
    }
}
