using System.Collections.Immutable;
using System.Threading.Channels;
using MeshCall.Contracts.Gateways;
using MeshCall.Contracts.Peers;

namespace MeshCall.Grains.Tests;

/// <summary>A gateway observer without a cluster: each batch pushed to it waits until the test answers it.</summary>
internal sealed class ScriptedGateway : IGatewayObserver
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly Channel<PushCall> _calls = Channel.CreateUnbounded<PushCall>();

    public string Id { get; } = Guid.NewGuid().ToString("N");

    public GatewayConnection Connect(string connectionId) => new(Id, connectionId, this, TimeSpan.FromSeconds(5));

    /// <summary>The next batch pushed here, in the order the calls were made.</summary>
    public async Task<PushCall> NextCallAsync()
    {
        using var timeout = new CancellationTokenSource(Wait);
        return await _calls.Reader.ReadAsync(timeout.Token);
    }

    public Task<ImmutableArray<int>> AcceptBatchAsync(ImmutableArray<ConnectionEvent> batch)
    {
        var call = new PushCall(batch);
        _calls.Writer.TryWrite(call);
        return call.Answer.Task;
    }

    public Task<bool> AcceptAsync(string connectionId, NumberedEvent delivery) =>
        throw new InvalidOperationException("a silo pushes in batches");

    public Task<ImmutableArray<PeerId>?> KnownPeersAsync(string connectionId, PeerId peer) => throw new NotSupportedException();

    public Task LobbyAnsweredAsync(string connectionId, string lobbyId, bool admitted) => throw new NotSupportedException();

    public Task CloseAsync(string connectionId, CloseReason reason) => throw new NotSupportedException();
}

internal sealed record PushCall(ImmutableArray<ConnectionEvent> Batch)
{
    public TaskCompletionSource<ImmutableArray<int>> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IEnumerable<long> Seqs => Batch.Select(e => e.Event.Seq);

    /// <summary>The gateway has them all.</summary>
    public void Accept() => Answer.SetResult([]);
}
