using System.Text;
using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Grains.Tests;

[Collection(TwoSiloCollection.Name)]
public sealed class RoomMembershipTests(TwoSiloCluster fixture)
{
    private static string NewRoom() => "room-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Roster_lists_the_others_oldest_first_and_members_hear_of_each_join()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var room = NewRoom();
        var a = await gateway.JoinAsync(room, "alice");
        var b = await gateway.JoinAsync(room, "bob");
        var c = await gateway.JoinAsync(room, "carol");

        Assert.Empty(a.Result.Others);
        Assert.Equal([a.Peer], b.Result.Others.Select(m => m.PeerId));
        Assert.Equal([a.Peer, b.Peer], c.Result.Others.Select(m => m.PeerId));
        Assert.Equal(["alice", "bob"], c.Result.Others.Select(m => m.Name));

        Assert.Equal(new PeerJoinedEvent(b.Peer, "bob"), await gateway.NextAsync<PeerJoinedEvent>(a.Connection));
        Assert.Equal(new PeerJoinedEvent(c.Peer, "carol"), await gateway.NextAsync<PeerJoinedEvent>(a.Connection));
        Assert.Equal(new PeerJoinedEvent(c.Peer, "carol"), await gateway.NextAsync<PeerJoinedEvent>(b.Connection));

        var members = await fixture.Grains.GetRoom(new RoomId(room)).GetRosterAsync();
        Assert.Equal([a.Peer, b.Peer, c.Peer], members.Members.Select(m => m.PeerId));
    }

    [Fact]
    public async Task Peers_joining_at_once_each_learn_of_every_other_exactly_once()
    {
        using var gateway = new TestGateway(fixture.Grains);

        // Several rooms of 8 simultaneous joins: a join whose room answer is overtaken by the next join's
        // roster change is the case that must still be told, by roster or by a peer-joined after it.
        for (var round = 0; round < 5; round++)
        {
            var room = NewRoom();
            var joins = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => gateway.JoinAsync(room, $"p{i}")));
            foreach (var join in joins)
            {
                var known = join.Result.Others.Select(m => m.PeerId).ToList();
                while (known.Count < joins.Length - 1)
                {
                    // What a gateway shows after `joined`: the events numbered from FirstSeq on.
                    var delivery = await gateway.NextAsync(join.Connection);
                    if (delivery.Seq >= join.Result.FirstSeq && delivery.Event is PeerJoinedEvent joined)
                    {
                        known.Add(joined.PeerId);
                    }
                }

                var others = joins.Select(j => j.Peer).Where(p => p != join.Peer);
                Assert.Equal(others.Select(p => p.Value).Order(), known.Select(p => p.Value).Order());
            }
        }
    }

    [Fact]
    public async Task Leaving_tells_the_others_and_removes_the_member()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var room = NewRoom();
        var a = await gateway.JoinAsync(room, "alice");
        var b = await gateway.JoinAsync(room, "bob");
        await gateway.NextAsync<PeerJoinedEvent>(a.Connection);

        await fixture.Grains.GetPeer(b.Peer).LeaveAsync(b.Connection);

        Assert.Equal(new PeerLeftEvent(b.Peer, LeaveReason.Left), await gateway.NextAsync<PeerLeftEvent>(a.Connection));
        var members = await fixture.Grains.GetRoom(new RoomId(room)).GetRosterAsync();
        Assert.Equal([a.Peer], members.Members.Select(m => m.PeerId));

        // The one who left is no longer reachable from the room.
        var outcome = await fixture.Grains.GetPeer(b.Peer).RelayAsync(a.Peer, SignalType.Offer, Encoding.UTF8.GetBytes("{}"), 0);
        Assert.Equal(RelayOutcome.UnknownPeer, outcome);
    }

    [Fact]
    public async Task A_full_room_refuses_the_next_peer_and_admits_one_after_a_leave()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var room = NewRoom();
        var members = new List<(PeerId Peer, string Connection, SessionJoinResult Result)>();
        for (var i = 0; i < 8; i++)
        {
            var joined = await gateway.JoinAsync(room, $"p{i}");
            Assert.Equal(JoinStatus.Joined, joined.Result.Status);
            Assert.Equal(8, joined.Result.MaxPeers);
            members.Add(joined);
        }

        var refused = await gateway.JoinAsync(room, "late");
        Assert.Equal(JoinStatus.RoomFull, refused.Result.Status);

        await fixture.Grains.GetPeer(members[3].Peer).LeaveAsync(members[3].Connection);
        var admitted = await gateway.JoinAsync(room, "late");
        Assert.Equal(JoinStatus.Joined, admitted.Result.Status);
        Assert.Equal(7, admitted.Result.Others.Length);
    }

    [Fact]
    public async Task A_peer_cannot_join_twice()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var a = await gateway.JoinAsync(NewRoom(), "alice");

        var again = await fixture.Grains.GetPeer(a.Peer).JoinAsync(new RoomId(NewRoom()), "alice", gateway.Connect(a.Connection));

        Assert.Equal(JoinStatus.AlreadyJoined, again.Status);
    }
}
