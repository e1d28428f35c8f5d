using System.Net;
using MeshCall.Contracts.Peers;
using MeshCall.Gateway.Security;
using Microsoft.Extensions.Options;

namespace MeshCall.Gateway.Sessions;

/// <summary>
/// What every client session of this gateway shares: the cluster, this gateway's observer, its limits and counters.
/// Sessions are opened here, and take their dependencies from here rather than from the container.
/// </summary>
public sealed class SessionContext(
    IGrainFactory grains,
    GatewayObserver gateway,
    SessionRegistry sessions,
    RoomQuota rooms,
    IOptions<GatewayOptions> gatewayOptions,
    IOptions<LimitsOptions> limits,
    IOptions<IceOptions> ice,
    GatewayMetrics metrics,
    RoomGrants grants,
    RequestLimits requestLimits,
    ILoggerFactory loggers)
{
    private readonly ILogger<MeshSession> _logger = loggers.CreateLogger<MeshSession>();
    private readonly SharedDeadlines _signals = new(gatewayOptions.Value.SignalTimeout, TimeProvider.System);
    private readonly SharedDeadlines _writes = new(gatewayOptions.Value.WriteTimeout, TimeProvider.System);

    public IGrainFactory Grains => grains;

    public GatewayObserver Gateway => gateway;

    public SessionRegistry Sessions => sessions;

    public RoomQuota Rooms => rooms;

    public GatewayOptions Options => gatewayOptions.Value;

    public LimitsOptions Limits => limits.Value;

    public GatewayMetrics Metrics => metrics;

    public RoomGrants Grants => grants;

    public RequestLimits RequestLimits => requestLimits;

    public ILogger Logger => _logger;

    /// <summary>How long a signal waits for the cluster: <c>Gateway:SignalTimeout</c>.</summary>
    public SharedDeadlines SignalDeadlines => _signals;

    /// <summary>How long a socket write may wait for a client to read: <c>Gateway:WriteTimeout</c>.</summary>
    public SharedDeadlines WriteDeadlines => _writes;

    /// <summary>The ICE servers a member is told in its <c>joined</c>, TURN credentials included when configured.</summary>
    public IReadOnlyList<IceServer> IceServersFor(PeerId peer) => TurnCredentials.For(peer, ice.Value, DateTimeOffset.UtcNow);

    /// <summary>A new client connection: held here until it ends, closed if it has not joined within <c>Gateway:JoinDeadline</c>.</summary>
    public MeshSession Open(string transport, IPAddress? remote)
    {
        var session = new MeshSession(Guid.NewGuid().ToString("N"), transport, remote ?? IPAddress.None, this);
        sessions.Add(session);
        session.StartJoinDeadline(Options.JoinDeadline);
        return session;
    }
}
