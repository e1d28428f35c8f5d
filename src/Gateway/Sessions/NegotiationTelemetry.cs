using MeshCall.Gateway.Protocol;

namespace MeshCall.Gateway.Sessions;

/// <summary>
/// Turns one connection's repeated <c>stats</c> reports into metrics without counting anything twice: a pair's
/// time to connect once, glare and ICE restarts by how much they grew, and a pair that failed once.
/// </summary>
internal sealed class NegotiationTelemetry(GatewayMetrics metrics)
{
    private readonly Dictionary<string, Pair> _pairs = [];

    /// <summary>Takes reports about the room's current members only (the caller checks), so the pairs kept are bounded by the room.</summary>
    public void Take(IEnumerable<PeerReport> reports)
    {
        foreach (var report in reports)
        {
            if (!_pairs.TryGetValue(report.PeerId, out var pair))
            {
                _pairs[report.PeerId] = pair = new Pair();
            }

            if (report.ConnectMs is { } connectMs && !pair.Connected)
            {
                pair.Connected = true;
                metrics.PairConnected(connectMs);
            }

            if (report.State == "failed" && !pair.Failed)
            {
                pair.Failed = true;
                metrics.PairFailed();
            }

            metrics.Glare(Math.Max(0, report.Glare - pair.Glare));
            metrics.IceRestarts(Math.Max(0, report.IceRestarts - pair.IceRestarts));
            (pair.Glare, pair.IceRestarts) = (Math.Max(pair.Glare, report.Glare), Math.Max(pair.IceRestarts, report.IceRestarts));
        }
    }

    /// <summary>The peer left the room: nothing more to count for it.</summary>
    public void Forget(string peer) => _pairs.Remove(peer);

    private sealed class Pair
    {
        public bool Connected { get; set; }

        public bool Failed { get; set; }

        public long Glare { get; set; }

        public long IceRestarts { get; set; }
    }
}
