using System.Collections.Concurrent;
using MeshCall.Contracts.Peers;

namespace MeshCall.Grains.Tests;

/// <summary>
/// Makes the room's roster notifications to chosen peers fail, as they fail to a session whose silo is being lost:
/// the room logs the failure and goes on, and the peer misses that change.
/// </summary>
public sealed class RosterNotificationFaults : IIncomingGrainCallFilter
{
    private static readonly ConcurrentDictionary<string, bool> Unreachable = new();

    /// <summary>Roster notifications to <paramref name="peer"/> fail until the result is disposed.</summary>
    public static IDisposable Cut(PeerId peer)
    {
        Unreachable[peer.Value] = true;
        return new Mend(peer.Value);
    }

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name is nameof(IPeerGrain.OnPeerJoinedAsync) or nameof(IPeerGrain.OnPeerLeftAsync) or nameof(IPeerGrain.OnMemberUpdatedAsync)
            && Unreachable.ContainsKey(context.TargetId.Key.ToString()!))
        {
            throw new TimeoutException($"roster notification to {context.TargetId} cut by the test");
        }

        return context.Invoke();
    }

    private sealed class Mend(string peer) : IDisposable
    {
        public void Dispose() => Unreachable.TryRemove(peer, out _);
    }
}
