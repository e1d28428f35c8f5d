using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;
using MeshCall.Contracts;
using MeshCall.Contracts.Gateways;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Grains.Tests;

/// <summary>
/// Stands in for a gateway process: one observer the grains push to, with each connection's deliveries
/// kept in arrival order.
/// </summary>
public sealed class TestGateway : IGatewayObserver, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, Channel<NumberedEvent>> _connections = new();

    // Like a real gateway, a push received twice (a retransmission) is kept once.
    private readonly ConcurrentDictionary<(string Connection, long Seq), bool> _seen = new();

    // Like a real gateway, the room's other members as each connection's client knows them: its join's roster, then
    // the peer-joined and peer-left events it was pushed.
    private readonly ConcurrentDictionary<string, HashSet<PeerId>> _known = new();
    private readonly IGrainFactory _grains;
    private readonly IGatewayObserver _reference;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _held = new();
    private readonly ConcurrentDictionary<string, bool> _dropped = new();
    private readonly Channel<int> _calls = Channel.CreateUnbounded<int>();

    public TestGateway(IGrainFactory grains, TimeSpan? heartbeatInterval = null)
    {
        _grains = grains;
        _reference = grains.CreateObjectReference<IGatewayObserver>(this);
        HeartbeatInterval = heartbeatInterval ?? TimeSpan.FromMinutes(1);
    }

    public string Id { get; } = Guid.NewGuid().ToString("N");

    public TimeSpan HeartbeatInterval { get; }

    public GatewayConnection Connect(string connectionId, TimeSpan pushTimeout = default) => new(Id, connectionId, _reference, HeartbeatInterval, pushTimeout);

    /// <summary>Pushes to a held connection get no answer until it is released, as through a silo that just died.</summary>
    public TaskCompletionSource Hold(string connectionId) => _held.GetOrAdd(connectionId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Joins a fresh peer to <paramref name="room"/> on a new connection of this gateway.</summary>
    public async Task<(PeerId Peer, string Connection, SessionJoinResult Result)> JoinAsync(string room, string name)
    {
        var peer = PeerId.New();
        var connection = Guid.NewGuid().ToString("N");
        var result = await _grains.GetPeer(peer).JoinAsync(new RoomId(room), name, Connect(connection));
        lock (Known(connection))
        {
            Known(connection).UnionWith(result.Others.Select(m => m.PeerId));
        }

        return (peer, connection, result);
    }

    /// <summary>Connections told to close, and why.</summary>
    public ConcurrentDictionary<string, CloseReason> Closed { get; } = new();

    /// <summary>The next call the grains made to this gateway: how many events it carried.</summary>
    public async Task<int> NextCallAsync()
    {
        using var timeout = new CancellationTokenSource(Wait);
        return await _calls.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Forgets the calls made so far, so that <see cref="NextCallAsync"/> starts from the next one.</summary>
    public void ForgetCalls()
    {
        while (_calls.Reader.TryRead(out _))
        {
        }
    }

    /// <summary>This gateway no longer holds the connection: pushes to it are refused.</summary>
    public void Drop(string connectionId) => _dropped.TryAdd(connectionId, true);

    public async Task<ImmutableArray<int>> AcceptBatchAsync(ImmutableArray<ConnectionEvent> batch)
    {
        _calls.Writer.TryWrite(batch.Length);

        // One message: held as a whole when any of its connections is.
        foreach (var connection in batch.Select(e => e.ConnectionId).Distinct())
        {
            if (_held.TryGetValue(connection, out var held))
            {
                await held.Task;
            }
        }

        return [.. batch.Index().Where(e => !Take(e.Item.ConnectionId, e.Item.Event)).Select(e => e.Index)];
    }

    public async Task<bool> AcceptAsync(string connectionId, NumberedEvent delivery)
    {
        _calls.Writer.TryWrite(1);
        if (_held.TryGetValue(connectionId, out var held))
        {
            await held.Task;
        }

        return Take(connectionId, delivery);
    }

    public Task<ImmutableArray<PeerId>?> KnownPeersAsync(string connectionId, PeerId peer)
    {
        lock (Known(connectionId))
        {
            return Task.FromResult<ImmutableArray<PeerId>?>([.. Known(connectionId)]);
        }
    }

    /// <summary>What rooms answered the lobby entries of this gateway's connections, in order.</summary>
    public Channel<(string Connection, string LobbyId, bool Admitted)> LobbyAnswers { get; } = Channel.CreateUnbounded<(string, string, bool)>();

    public Task LobbyAnsweredAsync(string connectionId, string lobbyId, bool admitted)
    {
        LobbyAnswers.Writer.TryWrite((connectionId, lobbyId, admitted));
        return Task.CompletedTask;
    }

    public Task CloseAsync(string connectionId, CloseReason reason)
    {
        Closed[connectionId] = reason;
        return Task.CompletedTask;
    }

    public async Task<NumberedEvent> NextAsync(string connectionId)
    {
        using var timeout = new CancellationTokenSource(Wait);
        return await Inbox(connectionId).Reader.ReadAsync(timeout.Token);
    }

    public async Task<T> NextAsync<T>(string connectionId) where T : PeerEvent
    {
        var delivery = await NextAsync(connectionId);
        return Assert.IsType<T>(delivery.Event);
    }

    /// <summary>The next <paramref name="count"/> events in the order a gateway shows them: by seq, not by arrival.</summary>
    public async Task<List<PeerEvent>> NextInOrderAsync(string connectionId, int count)
    {
        var deliveries = new List<NumberedEvent>();
        for (var i = 0; i < count; i++)
        {
            deliveries.Add(await NextAsync(connectionId));
        }

        return [.. deliveries.OrderBy(d => d.Seq).Select(d => d.Event)];
    }

    public bool HasPending(string connectionId) => Inbox(connectionId).Reader.TryPeek(out _);

    public void Dispose() => _grains.DeleteObjectReference<IGatewayObserver>(_reference);

    private bool Take(string connectionId, NumberedEvent delivery)
    {
        if (_dropped.ContainsKey(connectionId))
        {
            return false;
        }

        if (_seen.TryAdd((connectionId, delivery.Seq), true))
        {
            Track(connectionId, delivery.Event);
            Inbox(connectionId).Writer.TryWrite(delivery);
        }

        return true;
    }

    private HashSet<PeerId> Known(string connectionId) => _known.GetOrAdd(connectionId, _ => []);

    private void Track(string connectionId, PeerEvent evt)
    {
        lock (Known(connectionId))
        {
            if (evt is PeerJoinedEvent joined)
            {
                Known(connectionId).Add(joined.PeerId);
            }
            else if (evt is PeerLeftEvent left)
            {
                Known(connectionId).Remove(left.PeerId);
            }
        }
    }

    private Channel<NumberedEvent> Inbox(string connectionId) =>
        _connections.GetOrAdd(connectionId, _ => Channel.CreateUnbounded<NumberedEvent>());
}
