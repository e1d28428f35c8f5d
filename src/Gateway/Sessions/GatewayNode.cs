using System.Collections.Concurrent;
using MeshCall.Gateways;
using MeshCall.Peers;
using Microsoft.Extensions.Options;

namespace MeshCall.Gateway.Sessions;

/// <summary>
/// This gateway process as the cluster sees it: one id, one observer that grains push events to, and the
/// connections it holds. It keeps no room state of its own.
/// </summary>
public sealed class GatewayNode(
    IGrainFactory grains,
    IOptions<GatewayOptions> gatewayOptions,
    IOptions<LimitsOptions> limits,
    IOptions<IceOptions> ice,
    GatewayMetrics metrics,
    ILoggerFactory loggers) : IGatewayObserver
{
    private readonly ConcurrentDictionary<string, MeshSession> _sessions = new();
    private readonly Lock _referenceLock = new();
    private IGatewayObserver? _reference;

    public string GatewayId { get; } = Guid.NewGuid().ToString("N");

    public IGrainFactory Grains => grains;

    public GatewayOptions Options => gatewayOptions.Value;

    public LimitsOptions Limits => limits.Value;

    public IReadOnlyList<IceServer> IceServers => ice.Value.Servers;

    public GatewayMetrics Metrics => metrics;

    public ICollection<MeshSession> Sessions => _sessions.Values;

    /// <summary>The reference grains hold; created once the cluster connection is up.</summary>
    public IGatewayObserver Reference
    {
        get
        {
            lock (_referenceLock)
            {
                return _reference ??= grains.CreateObjectReference<IGatewayObserver>(this);
            }
        }
    }

    public MeshSession Open(string transport)
    {
        var session = new MeshSession(Guid.NewGuid().ToString("N"), transport, this, loggers.CreateLogger<MeshSession>());
        _sessions[session.ConnectionId] = session;
        metrics.ConnectionOpened(transport);
        return session;
    }

    public void Forget(MeshSession session)
    {
        if (_sessions.TryRemove(session.ConnectionId, out _))
        {
            metrics.ConnectionClosed(session.Transport);
        }
    }

    public Task<bool> AcceptAsync(string connectionId, Delivery delivery)
    {
        if (!_sessions.TryGetValue(connectionId, out var session))
        {
            return Task.FromResult(false);
        }

        session.Receive(delivery);
        return Task.FromResult(true);
    }

    public Task CloseAsync(string connectionId, CloseReason reason)
    {
        if (_sessions.TryGetValue(connectionId, out var session))
        {
            session.Close(reason);
        }

        return Task.CompletedTask;
    }
}
