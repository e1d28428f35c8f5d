using System.Diagnostics.Metrics;

namespace MeshCall.Gateway.Sessions;

/// <summary>The gateway's metrics (System.Diagnostics.Metrics, exported at <c>/metrics</c>).</summary>
public sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "MeshCall.Gateway";

    private readonly Meter _meter;
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _signals;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _stats;
    private readonly Counter<long> _joins;
    private readonly Histogram<double> _relayLatency;
    private readonly Histogram<double> _connectTime;
    private readonly Counter<long> _failedPairs;
    private readonly Counter<long> _glare;
    private readonly Counter<long> _iceRestarts;
    private readonly Counter<long> _dropped;

    public GatewayMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _connections = _meter.CreateUpDownCounter<long>("meshcall.gateway.connections", description: "Open client connections");
        _signals = _meter.CreateCounter<long>("meshcall.gateway.signals", description: "Signals relayed, by type");
        _errors = _meter.CreateCounter<long>("meshcall.gateway.errors", description: "Error replies, by code");
        _stats = _meter.CreateCounter<long>("meshcall.gateway.stats_reports", description: "Client stats reports received");
        _joins = _meter.CreateCounter<long>("meshcall.gateway.joins", description: "Sessions joined or resumed here, by kind");
        _relayLatency = _meter.CreateHistogram<double>("meshcall.gateway.relay_latency", unit: "ms",
            description: "A signal's time from the sender's gateway taking it to the addressee's gateway queueing it for the socket",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 250, 1000] });
        _connectTime = _meter.CreateHistogram<double>("meshcall.negotiation.connect_time", unit: "ms",
            description: "Clients' time from join to a pair connected (stats reports)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [100, 250, 500, 1000, 2000, 5000, 10000, 30000] });
        _failedPairs = _meter.CreateCounter<long>("meshcall.negotiation.failed_pairs", description: "Pairs a client reported failed");
        _glare = _meter.CreateCounter<long>("meshcall.negotiation.glare", description: "Offer collisions clients settled by perfect negotiation");
        _iceRestarts = _meter.CreateCounter<long>("meshcall.negotiation.ice_restarts", description: "ICE restarts clients made");
        _dropped = _meter.CreateCounter<long>("meshcall.gateway.dropped_connections", description: "Connections the gateway closed on its own, by reason");
    }

    public void ConnectionOpened(string transport) => _connections.Add(1, new KeyValuePair<string, object?>("transport", transport));

    public void ConnectionClosed(string transport) => _connections.Add(-1, new KeyValuePair<string, object?>("transport", transport));

    public void Signal(string type) => _signals.Add(1, new KeyValuePair<string, object?>("type", type));

    public void Error(string code) => _errors.Add(1, new KeyValuePair<string, object?>("code", code));

    public void StatsReport() => _stats.Add(1);

    public void Dropped(Abuse reason) => _dropped.Add(1, new KeyValuePair<string, object?>("reason", reason switch
    {
        Abuse.FrameTooLarge => "frame-too-large",
        Abuse.RateLimited => "rate-limited",
        Abuse.NoJoin => "no-join",
        _ => "slow-consumer",
    }));

    public void Joined(bool resumed) => _joins.Add(1, new KeyValuePair<string, object?>("kind", resumed ? "resume" : "join"));

    public void Relayed(long acceptedAtTicks)
    {
        if (acceptedAtTicks > 0)
        {
            _relayLatency.Record(TimeSpan.FromTicks(DateTime.UtcNow.Ticks - acceptedAtTicks).TotalMilliseconds);
        }
    }

    public void PairConnected(double milliseconds) => _connectTime.Record(milliseconds);

    public void PairFailed() => _failedPairs.Add(1);

    public void Glare(long count) => Add(_glare, count);

    public void IceRestarts(long count) => Add(_iceRestarts, count);

    public void Dispose() => _meter.Dispose();

    private static void Add(Counter<long> counter, long count)
    {
        if (count > 0)
        {
            counter.Add(count);
        }
    }
}
