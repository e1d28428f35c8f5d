using MeshCall.Contracts;
using MeshCall.Contracts.Gateways;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;
using MeshCall.Delivery.Session;
using MeshCall.Grains.Gateways;
using MeshCall.Grains.Rooms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace MeshCall.Grains.Peers;

/// <summary>
/// One participant's session. Its key is the server-assigned peer id; it exists from join until leave or
/// until its connection has been gone for the resume window. Its identity is stored (in Redis in a cluster),
/// so when its silo is lost it is restored on another, with the same peer id, room and connection.
/// </summary>
// Placed on the silo with the fewest activations (of two sampled): rooms and sessions spread evenly, and a silo
// that joins takes new ones until it has caught up.
[Orleans.Placement.ActivationCountBasedPlacement]
[KeepAlive]
public sealed partial class PeerGrain(
    ILogger<PeerGrain> logger,
    IOptions<RoomOptions> roomOptions,
    IOptions<PeerOptions> peerOptions,
    TimeProvider time,
    SiloMetrics metrics,
    GatewayPushes pushes,
    SessionClock clock,
    [FromKeyedServices(MeshCallStorage.Name)] IGrainStorage storage) : Grain, IPeerGrain, IClockedSession
{
    private readonly PeerRoster _roster = new();

    // Made when first needed: an idle session may never need them.
    private DeliveredSignals? _delivered;
    private SessionOutbox? _outbox;
    private bool _joining;
    private GatewayConnection? _connection;
    private GatewayConnection? _lastConnection;
    private DateTimeOffset _lastSeen;
    private DateTimeOffset? _disconnectedSince;
    private bool _onClock;

    // When the silo's clock is next to call (UTC ticks); long.MaxValue when the session is not on the clock.
    private long _due = long.MaxValue;
    private readonly SiloMetrics.Presence _counted = metrics.Peer();

    private PeerId Self => new(this.GetPrimaryKeyString());

    private RoomId? Room => Stored.State.Room;

    private SessionOutbox Outbox => _outbox ??= new SessionOutbox(
        logger, Self.Value, new SessionStream(peerOptions.Value.MaxBufferedSignals, peerOptions.Value.MaxBufferedBytes, metrics.Retention), pushes);

    public async Task LeaveAsync(string connectionId)
    {
        if (Room is not { } room || _connection?.ConnectionId != connectionId)
        {
            return;
        }

        await GrainFactory.GetRoom(room).LeaveAsync(Self, LeaveReason.Left);
        await EndSessionAsync();
    }

    public async Task KickAsync()
    {
        if (Room is not { } room)
        {
            return;
        }

        if (_connection is { } connection)
        {
            _ = connection.Observer.CloseAsync(connection.ConnectionId, CloseReason.Kicked);
        }

        PeerLog.Kicked(logger, Self.Value, room.Value);
        await GrainFactory.GetRoom(room).LeaveAsync(Self, LeaveReason.Kicked);
        await EndSessionAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        StopClock();
        _counted.Set(false);
        _outbox?.Stream.Clear();
        return Task.CompletedTask;
    }

    private async Task SaveBestEffortAsync()
    {
        try
        {
            await Stored.WriteStateAsync();
        }
        catch (Exception ex)
        {
            // The session goes on; only its restoration after a silo loss would use the older copy.
            PeerLog.SaveFailed(logger, ex, Self.Value);
        }
    }

    private async Task EndSessionAsync()
    {
        _connection = null;
        _disconnectedSince = null;
        await ForgetAsync();
    }

    private async Task ForgetAsync()
    {
        _counted.Set(false);
        Stored.State = new PeerSessionState();
        _roster.Clear();
        _delivered = null;
        _outbox?.Stream.Clear();
        StopClock();
        try
        {
            await Stored.ClearStateAsync();
        }
        catch (Exception ex)
        {
            PeerLog.SaveFailed(logger, ex, Self.Value);
        }

        DeactivateOnIdle();
    }
}
