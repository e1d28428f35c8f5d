using System.Collections.Immutable;
using MeshCall.Contracts.Gateways;
using MeshCall.Contracts.Peers;

namespace MeshCall.Gateway.Sessions;

/// <summary>
/// This gateway process as the cluster sees it: one id, and one observer that sessions push their events to, which
/// passes each to the connection it is for. It keeps no room state of its own.
/// </summary>
public sealed class GatewayObserver(IGrainFactory grains, SessionRegistry sessions) : IGatewayObserver
{
    private readonly Lock _referenceLock = new();
    private IGatewayObserver? _reference;

    public string GatewayId { get; } = Guid.NewGuid().ToString("N");

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

    public Task<bool> AcceptAsync(string connectionId, NumberedEvent delivery) => Task.FromResult(Hand(connectionId, delivery));

    /// <summary>A silo's pushes to this gateway, in one call; answers the positions of those whose connection is gone.</summary>
    public Task<ImmutableArray<int>> AcceptBatchAsync(ImmutableArray<ConnectionEvent> batch)
    {
        List<int>? refused = null;
        for (var i = 0; i < batch.Length; i++)
        {
            if (!Hand(batch[i].ConnectionId, batch[i].Event))
            {
                (refused ??= []).Add(i);
            }
        }

        return Task.FromResult<ImmutableArray<int>>(refused is null ? [] : [.. refused]);
    }

    /// <summary>
    /// Passes an event to its connection: pushed by a session, or handed back to this gateway's own caller (see
    /// <see cref="SignalReceipt"/>). False when this gateway no longer holds that connection.
    /// </summary>
    public bool Hand(string connectionId, NumberedEvent numbered)
    {
        if (!sessions.TryGet(connectionId, out var session))
        {
            return false;
        }

        session.Receive(numbered);
        return true;
    }

    public Task<ImmutableArray<PeerId>?> KnownPeersAsync(string connectionId, PeerId peer) =>
        Task.FromResult(sessions.TryGet(connectionId, out var session) && session.PeerId == peer ? session.KnownPeers() : (ImmutableArray<PeerId>?)null);

    public Task LobbyAnsweredAsync(string connectionId, string lobbyId, bool admitted)
    {
        if (sessions.TryGet(connectionId, out var session))
        {
            SessionLobby.Answered(session, lobbyId, admitted);
        }

        return Task.CompletedTask;
    }

    public Task CloseAsync(string connectionId, CloseReason reason)
    {
        if (sessions.TryGet(connectionId, out var session))
        {
            session.Close(reason);
        }

        return Task.CompletedTask;
    }
}
