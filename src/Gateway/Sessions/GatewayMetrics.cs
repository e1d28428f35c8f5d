using System.Diagnostics.Metrics;

namespace MeshCall.Gateway.Sessions;

/// <summary>The gateway's counters (System.Diagnostics.Metrics; exported by the operations work).</summary>
public sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "MeshCall.Gateway";

    private readonly Meter _meter;
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _signals;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _stats;

    public GatewayMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _connections = _meter.CreateUpDownCounter<long>("meshcall.gateway.connections", description: "Open client connections");
        _signals = _meter.CreateCounter<long>("meshcall.gateway.signals", description: "Signals relayed, by type");
        _errors = _meter.CreateCounter<long>("meshcall.gateway.errors", description: "Error replies, by code");
        _stats = _meter.CreateCounter<long>("meshcall.gateway.stats_reports", description: "Client stats reports received");
    }

    public void ConnectionOpened(string transport) => _connections.Add(1, new KeyValuePair<string, object?>("transport", transport));

    public void ConnectionClosed(string transport) => _connections.Add(-1, new KeyValuePair<string, object?>("transport", transport));

    public void Signal(string type) => _signals.Add(1, new KeyValuePair<string, object?>("type", type));

    public void Error(string code) => _errors.Add(1, new KeyValuePair<string, object?>("code", code));

    public void StatsReport() => _stats.Add(1);

    public void Dispose() => _meter.Dispose();
}
