using MeshCall.Client;

namespace MeshCall.Cluster.Tests;

/// <summary>Peers on different gateway processes of a three-silo cluster: what it relays and what it refuses.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CrossGatewaySignalingTests(ClusterFixture cluster)
{
    // SDP-like, with escapes, nesting and a number. Compact and plain ASCII, so they reach the wire unchanged
    // even through a client that re-serialises `data`.
    private const string Offer = """{"sdp":"v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n","n":1,"ice":{"ufrag":"a/b"}}""";
    private const string Answer = """{"sdp":"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n","n":1}""";

    // Sent as a hand-written frame, so the server gets exactly this text: spaces, escapes and characters
    // that JSON encoders like to rewrite.
    private const string Candidate = """{ "candidate" : "candidate:1 1 udp 2122260223 10.0.0.1 50000 typ host ufrag a+b<c>" , "sdpMid":"0", "u":"\u00e9", "n" : 2 }""";

    [Fact]
    public Task Signals_cross_gateways_both_ways_once_each_with_sender_and_data_intact() => cluster.RunAsync(async () =>
    {
        var room = Mesh.NewRoom();
        await using var a = await MeshCallClient.ConnectAsync(cluster.Gateway1.WebSocketUri);
        await using var b = await MeshCallClient.ConnectAsync(cluster.Gateway2.WebSocketUri);
        var joinedA = await a.JoinAsync(room, "alice");
        var joinedB = await b.JoinAsync(room, "bob");

        // The newcomer is told of A in `joined`, A hears of B; each `polite` is the receiver's own role.
        var aAsSeenByB = Assert.Single(joinedB.Peers);
        Assert.Equal(joinedA.PeerId, aAsSeenByB.PeerId);
        Assert.Equal("alice", aAsSeenByB.Name);
        Assert.Equal(Mesh.IsPolite(joinedB.PeerId, joinedA.PeerId), aAsSeenByB.Polite);
        var bAsSeenByA = await a.ExpectEventAsync("peer-joined");
        Assert.Equal(joinedB.PeerId, bAsSeenByA.GetProperty("peerId").GetString());
        Assert.Equal("bob", bAsSeenByA.GetProperty("name").GetString());
        Assert.Equal(Mesh.IsPolite(joinedA.PeerId, joinedB.PeerId), bAsSeenByA.GetProperty("polite").GetBoolean());

        await a.SignalAsync(joinedB.PeerId, "offer", Offer);
        Mesh.AssertSignal(await b.ExpectEventAsync("signal"), joinedA.PeerId, "offer", Offer);

        await b.SignalAsync(joinedA.PeerId, "answer", Answer);
        Mesh.AssertSignal(await a.ExpectEventAsync("signal"), joinedB.PeerId, "answer", Answer);

        // Byte for byte: the relay passes on exactly the text A put in the frame. A string id is not one
        // MeshCallClient awaits, so its reply comes through Events.
        await a.SendTextAsync($$"""{"op":"signal","id":"raw-1","to":"{{joinedB.PeerId}}","type":"candidate","data":{{Candidate}}}""");
        var ok = await a.ExpectEventAsync("ok");
        Assert.Equal("raw-1", ok.GetProperty("id").GetString());

        // Exactly once: the next thing B is pushed is A's next signal, not a second copy of the offer.
        Mesh.AssertSignal(await b.ExpectEventAsync("signal"), joinedA.PeerId, "candidate", Candidate);
    });

    [Fact]
    public Task Signals_to_a_peer_in_another_room_are_refused_as_unknown_peer_and_not_delivered() => cluster.RunAsync(async () =>
    {
        var room = Mesh.NewRoom();
        var otherRoom = Mesh.NewRoom();

        // The room-mate joins before the target, so the target is pushed no peer-joined: its stream starts empty.
        await using var mate = await MeshCallClient.ConnectAsync(cluster.Gateway1.WebSocketUri);
        await using var target = await MeshCallClient.ConnectAsync(cluster.Gateway2.WebSocketUri);
        await using var outsider = await MeshCallClient.ConnectAsync(cluster.Gateway1.WebSocketUri);
        var joinedMate = await mate.JoinAsync(room, "dave");
        var joinedTarget = await target.JoinAsync(room, "carol");
        await outsider.JoinAsync(otherRoom, "mallory");

        var refused = await Assert.ThrowsAsync<MeshCallException>(() => outsider.SignalAsync(joinedTarget.PeerId, "offer", Offer));
        Assert.Equal("unknown-peer", refused.Code);

        // The same answer as for an id that exists nowhere, so the refusal reveals nothing.
        var nobody = await Assert.ThrowsAsync<MeshCallException>(() => outsider.SignalAsync("AAAAAAAAAAAAAAAAAAAAAA", "offer", Offer));
        Assert.Equal("unknown-peer", nobody.Code);

        // Nothing reached the target: the first thing it is pushed is the room-mate's later signal.
        const string marker = """{"marker":"after-refusal"}""";
        await mate.SignalAsync(joinedTarget.PeerId, "custom", marker);
        Mesh.AssertSignal(await target.ExpectEventAsync("signal"), joinedMate.PeerId, "custom", marker);
    });
}
