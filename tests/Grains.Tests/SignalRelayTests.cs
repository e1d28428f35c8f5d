using System.Text;
using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;
using Member = (MeshCall.Contracts.Peers.PeerId Peer, string Connection, MeshCall.Contracts.Peers.SessionJoinResult Result);

namespace MeshCall.Grains.Tests;

[Collection(TwoSiloCollection.Name)]
public sealed class SignalRelayTests(TwoSiloCluster fixture)
{
    private static string NewRoom() => "room-" + Guid.NewGuid().ToString("N");

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Three members of a fresh room, with the roster events of their joins already consumed.</summary>
    private static async Task<(Member A, Member B, Member C)> JoinThreeAsync(TestGateway gateway)
    {
        var room = NewRoom();
        var a = await gateway.JoinAsync(room, "a");
        var b = await gateway.JoinAsync(room, "b");
        var c = await gateway.JoinAsync(room, "c");
        await gateway.NextAsync<PeerJoinedEvent>(a.Connection);
        await gateway.NextAsync<PeerJoinedEvent>(a.Connection);
        await gateway.NextAsync<PeerJoinedEvent>(b.Connection);
        return (a, b, c);
    }

    [Fact]
    public async Task A_push_without_an_answer_is_unavailable_before_the_sender_s_gateway_stops_waiting_and_its_retry_lands_once()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var room = NewRoom();
        var a = await gateway.JoinAsync(room, "a");
        var (b, atB) = (PeerId.New(), "b-" + Guid.NewGuid().ToString("N"));
        await fixture.Grains.GetPeer(b).JoinAsync(new RoomId(room), "b", gateway.Connect(atB, pushTimeout: TimeSpan.FromMilliseconds(500)));
        await gateway.NextAsync<PeerJoinedEvent>(a.Connection);
        var held = gateway.Hold(atB);

        // A sender's gateway waits Gateway:SignalTimeout (3 s by default, twice the push timeout) for this answer.
        var outcome = await fixture.Grains.GetPeer(b).RelayAsync(a.Peer, SignalType.Offer, Json("1"), 1).WaitAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(RelayOutcome.Unavailable, outcome);

        held.SetResult();
        Assert.Equal(RelayOutcome.Delivered, await fixture.Grains.GetPeer(b).RelayAsync(a.Peer, SignalType.Offer, Json("1"), 1));
        Assert.Equal(1, (await gateway.NextAsync<SignalEvent>(atB)).MsgId);
        Assert.Equal(RelayOutcome.Delivered, await fixture.Grains.GetPeer(b).RelayAsync(a.Peer, SignalType.Offer, Json("2"), 2));
        Assert.Equal(2, (await gateway.NextAsync<SignalEvent>(atB)).MsgId);
    }

    [Fact]
    public async Task A_signal_reaches_only_its_addressee_stamped_with_its_sender()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var (a, b, c) = await JoinThreeAsync(gateway);

        var data = Json("""{"sdp":"v=0\r\no=- 1 2 IN IP4 127.0.0.1","n":1}""");
        Assert.Equal(RelayOutcome.Delivered, await fixture.Grains.GetPeer(c.Peer).RelayAsync(a.Peer, SignalType.Offer, data, 0));
        Assert.Equal(RelayOutcome.Delivered, await fixture.Grains.GetPeer(a.Peer).RelayAsync(b.Peer, SignalType.Answer, Json("2"), 0));

        var atC = await gateway.NextAsync<SignalEvent>(c.Connection);
        Assert.Equal(a.Peer, atC.From);
        Assert.Equal(SignalType.Offer, atC.Type);
        Assert.Equal(data, atC.Data);
        var atA = await gateway.NextAsync<SignalEvent>(a.Connection);
        Assert.Equal(b.Peer, atA.From);
        Assert.False(gateway.HasPending(b.Connection), "b was not addressed and must receive nothing");
    }

    [Fact]
    public async Task A_peer_in_another_room_is_unknown_whether_or_not_it_exists()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var a = await gateway.JoinAsync(NewRoom(), "a");
        var stranger = await gateway.JoinAsync(NewRoom(), "stranger");

        var toStranger = await fixture.Grains.GetPeer(stranger.Peer).RelayAsync(a.Peer, SignalType.Offer, Json("{}"), 0);
        var toNobody = await fixture.Grains.GetPeer(PeerId.New()).RelayAsync(a.Peer, SignalType.Offer, Json("{}"), 0);

        Assert.Equal(RelayOutcome.UnknownPeer, toStranger);
        Assert.Equal(RelayOutcome.UnknownPeer, toNobody);

        // The stranger's first event is a later join to its own room, not the refused signal.
        var mate = await gateway.JoinAsync(stranger.Result.Room.Value, "mate");
        Assert.Equal(mate.Peer, (await gateway.NextAsync<PeerJoinedEvent>(stranger.Connection)).PeerId);
    }

    [Fact]
    public async Task A_thousand_signals_from_one_peer_to_another_arrive_numbered_in_send_order()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var room = NewRoom();
        var a = await gateway.JoinAsync(room, "a");
        var b = await gateway.JoinAsync(room, "b");
        await gateway.NextAsync<PeerJoinedEvent>(a.Connection);

        var addressee = fixture.Grains.GetPeer(b.Peer);
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(RelayOutcome.Delivered, await addressee.RelayAsync(a.Peer, SignalType.Candidate, Json(i.ToString()), 0));
        }

        var received = new List<NumberedEvent>();
        for (var i = 0; i < 1000; i++)
        {
            received.Add(await gateway.NextAsync(b.Connection));
        }

        var inOrder = received.OrderBy(d => d.Seq).ToList();
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), inOrder.Select(d => d.Seq));
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => i.ToString()), inOrder.Select(d => Encoding.UTF8.GetString(((SignalEvent)d.Event).Data)));
    }

    [Fact]
    public async Task A_broadcast_reaches_every_other_member_once()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var (a, b, c) = await JoinThreeAsync(gateway);

        await fixture.Grains.GetPeer(a.Peer).BroadcastAsync(Json("""{"chat":"hi"}"""));

        Assert.Equal(a.Peer, (await gateway.NextAsync<BroadcastEvent>(b.Connection)).From);
        Assert.Equal(a.Peer, (await gateway.NextAsync<BroadcastEvent>(c.Connection)).From);
        Assert.False(gateway.HasPending(a.Connection), "the sender does not hear its own broadcast");
    }
}
