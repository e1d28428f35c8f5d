using System.Text;
using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;
using Member = (MeshCall.Contracts.Peers.PeerId Peer, string Connection, MeshCall.Contracts.Peers.SessionJoinResult Result);

namespace MeshCall.Grains.Tests;

/// <summary>
/// Sessions pushing to another gateway through their silo's batcher: what waits behind a push in flight goes as one
/// call, in order, and each event keeps its own outcome.
/// </summary>
[Collection(TwoSiloCollection.Name)]
public sealed class GatewayPushBatchingTests(TwoSiloCluster fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static string NewRoom() => "room-" + Guid.NewGuid().ToString("N");

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Heartbeats until the session reports <paramref name="count"/> events numbered and not confirmed by its gateway.</summary>
    private static async Task<HeartbeatReply> StalledAsync(IPeerGrain peer, string connection, int count)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (true)
        {
            var reply = await peer.HeartbeatAsync(connection, 0, 0);
            if (reply.Unconfirmed.Length >= count)
            {
                return reply;
            }

            timeout.Token.ThrowIfCancellationRequested();
        }
    }

    [Fact]
    public async Task Signals_that_wait_behind_a_push_in_flight_reach_the_gateway_in_one_call_in_order()
    {
        using var senders = new TestGateway(fixture.Grains);
        using var gateway = new TestGateway(fixture.Grains);
        var room = NewRoom();
        var a = await senders.JoinAsync(room, "a");
        var c = await senders.JoinAsync(room, "c");
        var b = await gateway.JoinAsync(room, "b");
        var addressee = fixture.Grains.GetPeer(b.Peer);
        var held = gateway.Hold(b.Connection);

        var first = addressee.RelayAsync(a.Peer, SignalType.Offer, Json("0"), 1);
        Assert.Equal(1, await gateway.NextCallAsync());
        var rest = Enumerable.Range(2, 20).Select(i => addressee.RelayAsync(i % 2 == 0 ? a.Peer : c.Peer, SignalType.Candidate, Json(i.ToString()), i)).ToList();
        await StalledAsync(addressee, b.Connection, 21);
        held.SetResult();

        Assert.Equal(RelayOutcome.Delivered, await first);
        Assert.All(await Task.WhenAll(rest), outcome => Assert.Equal(RelayOutcome.Delivered, outcome));
        Assert.Equal(20, await gateway.NextCallAsync());
        var arrived = new List<NumberedEvent>();
        for (var i = 0; i < 21; i++)
        {
            arrived.Add(await gateway.NextAsync(b.Connection));
        }

        Assert.Equal(arrived.Select(d => d.Seq).Order(), arrived.Select(d => d.Seq));
        Assert.Equal(Enumerable.Range(1, 21).Select(i => (long)i), arrived.Select(d => ((SignalEvent)d.Event).MsgId).Order());
    }

    [Fact]
    public async Task Signals_to_a_gateway_that_does_not_answer_are_unavailable_and_a_heartbeat_hands_them_over_in_order()
    {
        using var senders = new TestGateway(fixture.Grains);
        using var gateway = new TestGateway(fixture.Grains);
        var room = NewRoom();
        var a = await senders.JoinAsync(room, "a");
        var (b, atB) = (PeerId.New(), "b-" + Guid.NewGuid().ToString("N"));
        await fixture.Grains.GetPeer(b).JoinAsync(new RoomId(room), "b", gateway.Connect(atB, pushTimeout: TimeSpan.FromMilliseconds(500)));
        var addressee = fixture.Grains.GetPeer(b);
        var held = gateway.Hold(atB);

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 3).Select(i => addressee.RelayAsync(a.Peer, SignalType.Candidate, Json(i.ToString()), i))).WaitAsync(Wait);
        Assert.All(outcomes, outcome => Assert.Equal(RelayOutcome.Unavailable, outcome));

        var reply = await StalledAsync(addressee, atB, 3);
        Assert.Equal(SessionStatus.Held, reply.Status);
        Assert.Equal(reply.Unconfirmed.Select(d => d.Seq).Order(), reply.Unconfirmed.Select(d => d.Seq));
        Assert.Equal([1L, 2L, 3L], reply.Unconfirmed.Select(d => ((SignalEvent)d.Event).MsgId).Order());

        // Their calls answered at last, the gateway has each once.
        held.SetResult();
        Assert.Equal([1L, 2L, 3L], (await gateway.NextInOrderAsync(atB, 3)).Select(e => ((SignalEvent)e).MsgId).Order());
        Assert.Equal(RelayOutcome.Delivered, await addressee.RelayAsync(a.Peer, SignalType.Candidate, Json("4"), 4));
        Assert.Equal(4, (await gateway.NextAsync<SignalEvent>(atB)).MsgId);
    }

    [Fact]
    public async Task A_connection_its_gateway_no_longer_holds_detaches_that_session_only_and_the_rest_of_its_batch_is_delivered()
    {
        using var senders = new TestGateway(fixture.Grains);
        using var gateway = new TestGateway(fixture.Grains);
        var room = NewRoom();
        var a = await senders.JoinAsync(room, "a");
        var (b, c, d) = await ThreeOnOneSiloAsync(gateway, room);
        for (var i = 0; i < 5; i++)
        {
            await senders.NextAsync<PeerJoinedEvent>(a.Connection);
        }

        gateway.ForgetCalls();

        // A push to D in flight, held, so that the signals to B and C wait behind it and go together.
        var held = gateway.Hold(d.Connection);
        var toD = fixture.Grains.GetPeer(d.Peer).RelayAsync(a.Peer, SignalType.Offer, Json("1"), 1);
        Assert.Equal(1, await gateway.NextCallAsync());
        gateway.Drop(b.Connection);
        var toB = fixture.Grains.GetPeer(b.Peer).RelayAsync(a.Peer, SignalType.Offer, Json("2"), 2);
        var toC = fixture.Grains.GetPeer(c.Peer).RelayAsync(a.Peer, SignalType.Offer, Json("3"), 3);
        await StalledAsync(fixture.Grains.GetPeer(b.Peer), b.Connection, 1);
        await StalledAsync(fixture.Grains.GetPeer(c.Peer), c.Connection, 1);
        held.SetResult();

        Assert.Equal(2, await gateway.NextCallAsync());
        Assert.Equal([RelayOutcome.Delivered, RelayOutcome.Delivered, RelayOutcome.Delivered], await Task.WhenAll(toD, toB, toC));
        Assert.Equal(3, (await gateway.NextAsync<SignalEvent>(c.Connection)).MsgId);
        Assert.Equal(new PeerStateEvent(b.Peer, PresenceState.Reconnecting), await gateway.NextAsync<PeerStateEvent>(c.Connection));
        Assert.Equal(new PeerStateEvent(b.Peer, PresenceState.Reconnecting), await senders.NextAsync<PeerStateEvent>(a.Connection));
        Assert.Equal(1, (await gateway.NextAsync<SignalEvent>(d.Connection)).MsgId);
        Assert.False(gateway.HasPending(b.Connection), "the gateway refused B's signal: it no longer holds B's connection");
    }

    /// <summary>
    /// Joins five members to <paramref name="room"/> on <paramref name="gateway"/> and picks three whose sessions live on
    /// the same silo (of two, one holds at least three): their pushes share that silo's batches. Their roster events are consumed.
    /// </summary>
    private async Task<(Member B, Member C, Member D)> ThreeOnOneSiloAsync(TestGateway gateway, string room)
    {
        var members = new List<Member>();
        for (var i = 0; i < 5; i++)
        {
            members.Add(await gateway.JoinAsync(room, "m" + i));
        }

        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        var silos = new Dictionary<Member, SiloAddress?>();
        for (var i = 0; i < members.Count; i++)
        {
            // Each hears of those who joined after it.
            for (var later = i + 1; later < members.Count; later++)
            {
                await gateway.NextAsync<PeerJoinedEvent>(members[i].Connection);
            }

            silos[members[i]] = await management.GetActivationAddress(fixture.Grains.GetPeer(members[i].Peer));
        }

        var together = members.GroupBy(m => silos[m]).Single(g => g.Key is not null && g.Count() >= 3).ToList();
        return (together[0], together[1], together[2]);
    }
}
