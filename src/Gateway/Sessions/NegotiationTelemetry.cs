using MeshCall.Gateway.Protocol;

namespace MeshCall.Gateway.Sessions;

/// <summary>
/// Turns one connection's repeated <c>stats</c> reports into metrics without counting anything twice: a pair's
/// time to connect once, glare and ICE restarts by how much they grew, and a pair that failed once.
/// </summary>
internal sealed class NegotiationTelemetry(GatewayMetrics metrics)
{
    // A report names at most the room's other members; a hostile client's made-up ids stop here.
    private const int MaxPairs = 64;

    private readonly Dictionary<string, Pair> _pairs = [];

    public void Take(IReadOnlyList<PeerReport> reports)
    {
        foreach (var report in reports)
        {
            if (!_pairs.TryGetValue(report.PeerId, out var pair))
            {
                if (_pairs.Count >= MaxPairs)
                {
                    continue;
                }

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

    private sealed class Pair
    {
        public bool Connected { get; set; }

        public bool Failed { get; set; }

        public long Glare { get; set; }

        public long IceRestarts { get; set; }
    }
}
