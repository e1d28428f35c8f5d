using System.Text.Json;
using System.Threading.Channels;
using MeshCall.Client;

namespace MeshCall.Cluster.Tests;

/// <summary>Waits for what a client is pushed, with a deadline instead of a sleep.</summary>
internal static class ClientEvents
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The next pushed message, whatever it is.</summary>
    public static async Task<MeshEvent> NextEventAsync(this MeshCallClient client, TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultTimeout;
        using var deadline = new CancellationTokenSource(wait);
        try
        {
            return await client.Events.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"Peer {client.PeerId} was pushed nothing within {wait}.");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"Peer {client.PeerId}'s connection closed while it waited for an event.");
        }
    }

    /// <summary>The next pushed message, which must be <paramref name="op"/>: nothing may come before it.</summary>
    public static async Task<JsonElement> ExpectEventAsync(this MeshCallClient client, string op, TimeSpan? timeout = null)
    {
        var next = await client.NextEventAsync(timeout);
        Assert.True(next.Op == op, $"Peer {client.PeerId} expected {op} next but was pushed {next.Body.GetRawText()}");
        return next.Body;
    }
}
