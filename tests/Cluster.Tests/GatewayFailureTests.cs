using System.Diagnostics;
using MeshCall.Client;

namespace MeshCall.Cluster.Tests;

/// <summary>A gateway process dies: the silo must notice from the missing heartbeats alone.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayFailureTests(ClusterFixture cluster)
{
    // The resume window + 1.5 s of missed heartbeats, with room for a slow machine.
    private static readonly TimeSpan Deadline = ClusterFixture.ResumeWindow + TimeSpan.FromSeconds(10);

    [Fact]
    public Task A_killed_gateway_marks_its_peer_reconnecting_then_times_it_out() => cluster.RunAsync(async () =>
    {
        // Its own gateway, so killing it takes nothing away from the other tests.
        var doomed = await cluster.StartGatewayAsync("gateway-doomed");
        var room = Mesh.NewRoom();
        await using var a = await MeshCallClient.ConnectAsync(cluster.Gateway1.WebSocketUri);
        await using var b = await MeshCallClient.ConnectAsync(doomed.WebSocketUri);
        await a.JoinAsync(room, "alice");
        var joinedB = await b.JoinAsync(room, "bob");
        var bJoined = await a.ExpectEventAsync("peer-joined");
        Assert.Equal(joinedB.PeerId, bJoined.GetProperty("peerId").GetString());

        // No close, no leave, no disconnect call: only the heartbeats stop.
        doomed.Kill();
        var clock = Stopwatch.StartNew();

        var state = await a.ExpectEventAsync("peer-state", Deadline);
        Assert.Equal(joinedB.PeerId, state.GetProperty("peerId").GetString());
        Assert.Equal("reconnecting", state.GetProperty("state").GetString());

        var left = await a.ExpectEventAsync("peer-left", Deadline - clock.Elapsed);
        Assert.Equal(joinedB.PeerId, left.GetProperty("peerId").GetString());
        Assert.Equal("timeout", left.GetProperty("reason").GetString());
    });
}
