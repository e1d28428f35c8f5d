using System.Diagnostics;
using MeshCall.Client;

namespace MeshCall.Cluster.Tests;

/// <summary>A gateway process dies, or is stopped: its clients' sessions outlive it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayFailureTests(ClusterFixture cluster)
{
    // The resume window + 3 s of missed heartbeats, with room for a slow machine.
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

    [Fact]
    public Task A_gateway_stopped_with_sigterm_tells_its_clients_to_move_and_they_resume_on_another() => cluster.RunAsync(async () =>
    {
        var leaving = await cluster.StartGatewayAsync("gateway-leaving");
        var room = Mesh.NewRoom();
        await using var a = await MeshCallClient.ConnectAsync(cluster.Gateway1.WebSocketUri);
        var b = await MeshCallClient.ConnectAsync(leaving.WebSocketUri);
        var joinedA = await a.JoinAsync(room, "alice");
        var joinedB = await b.JoinAsync(room, "bob");
        await a.ExpectEventAsync("peer-joined");

        leaving.Terminate();
        var closed = await b.ExpectEventAsync("closed");
        Assert.Equal("shutdown", closed.GetProperty("reason").GetString());
        await b.WaitForCloseAsync();
        await b.DisposeAsync();

        await using var moved = await MeshCallClient.ConnectAsync(cluster.Gateway2.WebSocketUri);
        var resumed = await moved.JoinAsync(room, "bob", joinedB.ResumeToken);
        Assert.Equal(joinedB.PeerId, resumed.PeerId);
        await moved.BroadcastAsync("""{"back":true}""");

        // Until B's broadcast, A may see B reconnecting and connected again, but never leaving.
        while (true)
        {
            var next = await a.NextEventAsync();
            if (next.Op == "broadcast")
            {
                Assert.Equal(joinedB.PeerId, next.Body.GetProperty("from").GetString());
                break;
            }

            Assert.Equal("peer-state", next.Op);
        }

        await moved.SignalAsync(joinedA.PeerId, "offer", """{"sdp":"again"}""");
        Mesh.AssertSignal(await a.ExpectEventAsync("signal"), joinedB.PeerId, "offer", """{"sdp":"again"}""");
        Assert.Equal(0, await leaving.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    });
}
