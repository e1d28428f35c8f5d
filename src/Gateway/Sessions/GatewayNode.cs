using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using MeshCall.Gateway.Security;
using MeshCall.Gateways;
using MeshCall.Peers;
using MeshCall.Rooms;
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
    RoomGrants grants,
    RequestLimits requestLimits,
    ILoggerFactory loggers) : IGatewayObserver
{
    private readonly ConcurrentDictionary<string, MeshSession> _sessions = new();
    private readonly Dictionary<RoomId, int> _rooms = [];
    private readonly Lock _roomsLock = new();
    private readonly Lock _referenceLock = new();
    private IGatewayObserver? _reference;

    public string GatewayId { get; } = Guid.NewGuid().ToString("N");

    public IGrainFactory Grains => grains;

    public GatewayOptions Options => gatewayOptions.Value;

    public LimitsOptions Limits => limits.Value;

    /// <summary>The ICE servers a member is told in its <c>joined</c>, TURN credentials included when configured.</summary>
    public IReadOnlyList<IceServer> IceServersFor(PeerId peer) => TurnCredentials.For(peer, ice.Value, DateTimeOffset.UtcNow);

    public GatewayMetrics Metrics => metrics;

    public RoomGrants Grants => grants;

    public RequestLimits RequestLimits => requestLimits;

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

    public MeshSession Open(string transport, IPAddress? remote)
    {
        var session = new MeshSession(Guid.NewGuid().ToString("N"), transport, remote ?? IPAddress.None, this, loggers.CreateLogger<MeshSession>());
        _sessions[session.ConnectionId] = session;
        metrics.ConnectionOpened(transport);
        session.StartJoinDeadline(Options.JoinDeadline);
        return session;
    }

    /// <summary>Counts a session of <paramref name="room"/> here; false when that would be one room more than allowed.</summary>
    public bool TryHoldRoom(RoomId room)
    {
        lock (_roomsLock)
        {
            if (!_rooms.ContainsKey(room) && _rooms.Count >= Options.MaxRooms)
            {
                return false;
            }

            _rooms[room] = _rooms.GetValueOrDefault(room) + 1;
            return true;
        }
    }

    public void ReleaseRoom(RoomId room)
    {
        lock (_roomsLock)
        {
            if (_rooms.TryGetValue(room, out var n))
            {
                if (n <= 1)
                {
                    _rooms.Remove(room);
                }
                else
                {
                    _rooms[room] = n - 1;
                }
            }
        }
    }

    public void Forget(MeshSession session)
    {
        if (_sessions.TryRemove(session.ConnectionId, out _))
        {
            metrics.ConnectionClosed(session.Transport);
        }
    }

    public Task<bool> AcceptAsync(string connectionId, NumberedEvent delivery)
    {
        if (!_sessions.TryGetValue(connectionId, out var session))
        {
            return Task.FromResult(false);
        }

        session.Receive(delivery);
        return Task.FromResult(true);
    }

    /// <summary>A numbered event a session handed this gateway's own caller instead of pushing it (see <see cref="SignalReceipt"/>).</summary>
    public void Hand(string connectionId, NumberedEvent numbered)
    {
        if (_sessions.TryGetValue(connectionId, out var session))
        {
            session.Receive(numbered);
        }
    }

    public Task<ImmutableArray<PeerId>?> KnownPeersAsync(string connectionId, PeerId peer) =>
        Task.FromResult(_sessions.TryGetValue(connectionId, out var session) && session.PeerId == peer ? session.KnownPeers() : (ImmutableArray<PeerId>?)null);

    public Task CloseAsync(string connectionId, CloseReason reason)
    {
        if (_sessions.TryGetValue(connectionId, out var session))
        {
            session.Close(reason);
        }

        return Task.CompletedTask;
    }
}
