using MeshCall.Client;

namespace MeshCall.Cluster.Tests;

/// <summary>A peer's connection drops; its session waits out the resume window for it, on any gateway.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SessionResumeTests(ClusterFixture cluster)
{
    private static readonly TimeSpan Offline = TimeSpan.FromSeconds(5);

    [Fact]
    public Task A_peer_back_after_five_seconds_on_the_other_gateway_keeps_its_id_and_gets_what_was_sent_meanwhile() => cluster.RunAsync(async () =>
    {
        var room = Mesh.NewRoom();
        await using var a = await MeshCallClient.ConnectAsync(cluster.Gateway1.WebSocketUri);
        var b = await MeshCallClient.ConnectAsync(cluster.Gateway1.WebSocketUri);
        var joinedA = await a.JoinAsync(room, "alice");
        var joinedB = await b.JoinAsync(room, "bob");
        await a.ExpectEventAsync("peer-joined");

        await b.DisposeAsync(); // the socket closes without a leave: a drop, not a departure
        var away = await a.ExpectEventAsync("peer-state");
        Assert.Equal("reconnecting", away.GetProperty("state").GetString());
        for (var seq = 1; seq <= 5; seq++)
        {
            await a.SignalAsync(joinedB.PeerId, "candidate", $$"""{"seq":{{seq}}}""");
        }

        // The scenario's own length: the peer stays away this long before it comes back.
        await Task.Delay(Offline);
        await using var back = await MeshCallClient.ConnectAsync(cluster.Gateway2.WebSocketUri);
        var resumed = await back.JoinAsync(room, "bob", joinedB.ResumeToken);

        Assert.Equal(joinedB.PeerId, resumed.PeerId);
        Assert.NotEqual(joinedB.ResumeToken, resumed.ResumeToken);
        Assert.Equal(joinedA.PeerId, Assert.Single(resumed.Peers).PeerId);
        for (var seq = 1; seq <= 5; seq++)
        {
            Mesh.AssertSignal(await back.ExpectEventAsync("signal"), joinedA.PeerId, "candidate", $$"""{"seq":{{seq}}}""");
        }

        // Nothing twice: the next thing after the five is a fresh signal, and A saw a return, not a departure.
        await a.SignalAsync(joinedB.PeerId, "candidate", """{"seq":6}""");
        Mesh.AssertSignal(await back.ExpectEventAsync("signal"), joinedA.PeerId, "candidate", """{"seq":6}""");
        var returned = await a.ExpectEventAsync("peer-state");
        Assert.Equal("connected", returned.GetProperty("state").GetString());
    });

    [Fact]
    public Task After_the_window_the_others_saw_the_peer_time_out_and_its_token_is_refused() => cluster.RunAsync(async () =>
    {
        var room = Mesh.NewRoom();
        await using var a = await MeshCallClient.ConnectAsync(cluster.Gateway1.WebSocketUri);
        var b = await MeshCallClient.ConnectAsync(cluster.Gateway2.WebSocketUri);
        await a.JoinAsync(room, "alice");
        var joinedB = await b.JoinAsync(room, "bob");
        await a.ExpectEventAsync("peer-joined");

        await b.DisposeAsync();
        Assert.Equal("reconnecting", (await a.ExpectEventAsync("peer-state")).GetProperty("state").GetString());
        var left = await a.ExpectEventAsync("peer-left", ClusterFixture.ResumeWindow + TimeSpan.FromSeconds(10));
        Assert.Equal(joinedB.PeerId, left.GetProperty("peerId").GetString());
        Assert.Equal("timeout", left.GetProperty("reason").GetString());

        await using var late = await MeshCallClient.ConnectAsync(cluster.Gateway1.WebSocketUri);
        var refused = await Assert.ThrowsAsync<MeshCallException>(() => late.JoinAsync(room, "bob", joinedB.ResumeToken));
        Assert.Equal("resume-expired", refused.Code);
    });
}
