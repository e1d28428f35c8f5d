using System.Diagnostics.Metrics;
using MeshCall.Delivery.Session;

namespace MeshCall.Grains;

/// <summary>What a silo holds and does (System.Diagnostics.Metrics, exported at <c>/metrics</c>); summed over silos it is the cluster's.</summary>
public sealed class SiloMetrics : IDisposable
{
    public const string MeterName = "MeshCall.Silo";

    private readonly Meter _meter;
    private readonly UpDownCounter<long> _rooms;
    private readonly UpDownCounter<long> _peers;
    private readonly Counter<long> _resumes;
    private readonly Counter<long> _restored;

    public SiloMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _rooms = _meter.CreateUpDownCounter<long>("meshcall.rooms.active", description: "Rooms with members, on this silo");
        _peers = _meter.CreateUpDownCounter<long>("meshcall.peers.active", description: "Sessions (connected or held for a resume), on this silo");
        _resumes = _meter.CreateCounter<long>("meshcall.sessions.resumed", description: "Sessions resumed on a new connection");
        _restored = _meter.CreateCounter<long>("meshcall.sessions.restored", description: "Rooms and sessions restored from storage after their silo was lost");
        _meter.CreateObservableGauge("meshcall.sessions.retained_events", () => Retention.Events, description: "Events the sessions on this silo keep for a resume (not yet acknowledged by their clients)");
        _meter.CreateObservableGauge("meshcall.sessions.retained_bytes", () => Retention.Bytes, description: "Bytes of events the sessions on this silo keep for a resume");
    }

    /// <summary>What the sessions on this silo keep for a resume; counted per event, read when scraped.</summary>
    public RetainedEvents Retention { get; } = new();

    /// <summary>One room's place in the active-rooms count of this silo.</summary>
    public Presence Room() => new(_rooms);

    /// <summary>One session's place in the active-peers count of this silo.</summary>
    public Presence Peer() => new(_peers);

    public void Resumed() => _resumes.Add(1);

    public void Restored(string kind) => _restored.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Dispose() => _meter.Dispose();

    /// <summary>Sums without a lock: sessions add as they keep and let go, a scrape reads.</summary>
    public sealed class RetainedEvents : IRetentionGauge
    {
        private long _events;
        private long _bytes;

        public long Events => Interlocked.Read(ref _events);

        public long Bytes => Interlocked.Read(ref _bytes);

        public void Add(long events, long bytes)
        {
            Interlocked.Add(ref _events, events);
            Interlocked.Add(ref _bytes, bytes);
        }
    }

    /// <summary>Counts one thing in or out once, however often it is told.</summary>
    public sealed class Presence(UpDownCounter<long> counter)
    {
        private bool _counted;

        public void Set(bool active)
        {
            if (active != _counted)
            {
                _counted = active;
                counter.Add(active ? 1 : -1);
            }
        }
    }
}
