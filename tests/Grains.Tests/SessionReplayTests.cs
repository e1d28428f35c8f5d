using MeshCall.Peers;

namespace MeshCall.Grains.Tests;

[Collection(TwoSiloCollection.Name)]
public sealed class SessionReplayTests(TwoSiloCluster fixture)
{
    [Fact]
    public async Task A_session_replays_what_its_gateway_took_only_within_the_replay_retention()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var room = "room-" + Guid.NewGuid().ToString("N");
        var a = await gateway.JoinAsync(room, "a");
        var b = await gateway.JoinAsync(room, "b");
        await gateway.NextAsync<PeerJoinedEvent>(a.Connection);
        var peer = fixture.Grains.GetPeer(b.Peer);

        // B's gateway takes two signals, then dies before its client read them.
        await peer.DeliverSignalAsync(a.Peer, SignalType.Offer, "1"u8.ToArray(), 1, 0);
        var first = await gateway.NextAsync(b.Connection);
        await peer.DeliverSignalAsync(a.Peer, SignalType.Candidate, "2"u8.ToArray(), 2, 0);
        var second = await gateway.NextAsync(b.Connection);

        // Back at once: both are replayed.
        var resumed = await peer.ResumeAsync(Secret(b.Result.ResumeToken), gateway.Connect("back-soon"), first.Seq - 1);
        Assert.Equal(JoinStatus.Joined, resumed.Status);
        Assert.Equal([first.Seq, second.Seq], (await InSeqOrderAsync(gateway, "back-soon", 2)).Select(d => d.Seq));

        // Its connection dies again; once the retention has passed, what a gateway took is no longer kept: a client
        // that comes back that late gets what is still kept, then (numbered after it) how many events it lost.
        await Task.Delay(TwoSiloCluster.ReplayRetention + TimeSpan.FromMilliseconds(200));
        await peer.DeliverSignalAsync(a.Peer, SignalType.Candidate, "3"u8.ToArray(), 3, 0);
        var third = await gateway.NextAsync("back-soon");
        var late = await peer.ResumeAsync(Secret(resumed.ResumeToken), gateway.Connect("back-late"), first.Seq - 1);

        Assert.Equal(JoinStatus.Joined, late.Status);
        var pushed = await InSeqOrderAsync(gateway, "back-late", 2);
        Assert.Equal(third.Seq, pushed[0].Seq);
        Assert.Equal("3"u8.ToArray(), Assert.IsType<SignalEvent>(pushed[0].Event).Data);
        Assert.Equal(new EventsDroppedEvent(2), pushed[1].Event);
    }

    /// <summary>Pushes may overtake each other on the way; a gateway puts them in seq order, as this does.</summary>
    private static async Task<Delivery[]> InSeqOrderAsync(TestGateway gateway, string connection, int count)
    {
        var pushed = new List<Delivery>();
        for (var i = 0; i < count; i++)
        {
            pushed.Add(await gateway.NextAsync(connection));
        }

        return [.. pushed.OrderBy(d => d.Seq)];
    }

    private static string Secret(string resumeToken) => resumeToken[(resumeToken.IndexOf('.') + 1)..];
}
