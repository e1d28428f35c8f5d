using System.Text;
using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;
using Orleans.Core.Internal;

namespace MeshCall.Grains.Tests;

/// <summary>
/// A member that missed a roster change (its notification failed, as during a silo loss) catches up, and its
/// client hears what it missed as ordinary peer-joined and peer-left events.
/// </summary>
[Collection(TwoSiloCollection.Name)]
public sealed class RosterGapTests(TwoSiloCluster fixture)
{
    private static string NewRoom() => "room-" + Guid.NewGuid().ToString("N");

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task A_member_that_missed_a_join_hears_of_it_with_the_next_change()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var room = NewRoom();
        var a = await gateway.JoinAsync(room, "a");
        var b = await gateway.JoinAsync(room, "b");
        await gateway.NextAsync<PeerJoinedEvent>(a.Connection);
        var c = await JoinMissedByAsync(gateway, room, "c", b.Peer);

        var d = await gateway.JoinAsync(room, "d");

        // The change that shows the gap comes first, then the one that was missed.
        Assert.Equal([new PeerJoinedEvent(d.Peer, "d"), new PeerJoinedEvent(c.Peer, "c")], await gateway.NextInOrderAsync(b.Connection, 2));
        Assert.False(gateway.HasPending(b.Connection), "each join is told once");
    }

    [Fact]
    public async Task A_newcomers_offer_reaches_a_member_that_missed_its_join_after_that_members_client_hears_of_it()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var room = NewRoom();
        var a = await gateway.JoinAsync(room, "a");
        var b = await gateway.JoinAsync(room, "b");
        await gateway.NextAsync<PeerJoinedEvent>(a.Connection);
        var c = await JoinMissedByAsync(gateway, room, "c", b.Peer);

        // The newcomer offers to everyone it was told of in `joined`, the member that missed it included.
        var outcome = await fixture.Grains.GetPeer(b.Peer).RelayAsync(c.Peer, SignalType.Offer, Json("""{"sdp":"o"}"""), 1);

        Assert.Equal(RelayOutcome.Delivered, outcome);
        var events = await gateway.NextInOrderAsync(b.Connection, 2);
        Assert.Equal(new PeerJoinedEvent(c.Peer, "c"), events[0]);
        Assert.Equal(c.Peer, Assert.IsType<SignalEvent>(events[1]).From);
    }

    [Fact]
    public async Task A_member_that_missed_a_departure_hears_of_it_when_its_room_is_restored()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var room = NewRoom();
        var a = await gateway.JoinAsync(room, "a");
        var b = await gateway.JoinAsync(room, "b");
        var c = await gateway.JoinAsync(room, "c");
        await gateway.NextAsync<PeerJoinedEvent>(b.Connection);
        using (RosterNotificationFaults.Cut(b.Peer))
        {
            await fixture.Grains.GetPeer(c.Peer).LeaveAsync(c.Connection);
        }

        // No later change would show b the gap. A room restored on another silo (here: reactivated from storage) wakes
        // its members with its roster version.
        await fixture.Grains.GetRoom(new RoomId(room)).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await fixture.Grains.GetRoom(new RoomId(room)).GetRosterAsync();

        Assert.Equal(new PeerLeftEvent(c.Peer, LeaveReason.Left), await gateway.NextAsync<PeerLeftEvent>(b.Connection));
        Assert.Equal([a.Peer], (await gateway.KnownPeersAsync(b.Connection, b.Peer))!.Value.AsEnumerable());
    }

    [Fact]
    public async Task A_session_restored_after_it_missed_a_departure_tells_its_client()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var room = NewRoom();
        var a = await gateway.JoinAsync(room, "a");
        var b = await gateway.JoinAsync(room, "b");
        var c = await gateway.JoinAsync(room, "c");
        await gateway.NextAsync<PeerJoinedEvent>(b.Connection);
        using (RosterNotificationFaults.Cut(b.Peer))
        {
            await fixture.Grains.GetPeer(c.Peer).LeaveAsync(c.Connection);
        }

        // The session comes back from storage, as after its silo was lost, when its gateway's next heartbeat arrives;
        // its roster is rebuilt from the room, which no longer lists c, but its client still does.
        await fixture.Grains.GetPeer(b.Peer).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Equal(SessionStatus.Held, (await fixture.Grains.GetPeer(b.Peer).HeartbeatAsync(b.Connection, 0, 0)).Status);

        Assert.Equal(new PeerLeftEvent(c.Peer, LeaveReason.Left), await gateway.NextAsync<PeerLeftEvent>(b.Connection));
        Assert.Equal([a.Peer], (await gateway.KnownPeersAsync(b.Connection, b.Peer))!.Value.AsEnumerable());
    }

    [Fact]
    public async Task A_member_whose_session_was_never_stored_is_removed_when_its_room_wakes()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var room = new RoomId(NewRoom());
        var a = await gateway.JoinAsync(room.Value, "a");

        // The room admitted a peer whose grain then died before storing its session (its client was told `unavailable`).
        var abandoned = PeerId.New();
        await fixture.Grains.GetRoom(room).JoinAsync(abandoned, "ghost");
        Assert.Equal(abandoned, (await gateway.NextAsync<PeerJoinedEvent>(a.Connection)).PeerId);

        await fixture.Grains.GetRoom(room).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await fixture.Grains.GetRoom(room).GetRosterAsync();

        Assert.Equal(new PeerLeftEvent(abandoned, LeaveReason.Left), await gateway.NextAsync<PeerLeftEvent>(a.Connection));
        Assert.Equal([a.Peer], (await fixture.Grains.GetRoom(room).GetRosterAsync()).Members.Select(m => m.PeerId));
    }

    /// <summary>Joins <paramref name="name"/> while roster notifications to <paramref name="missedBy"/> fail.</summary>
    private static async Task<(PeerId Peer, string Connection, SessionJoinResult Result)> JoinMissedByAsync(
        TestGateway gateway, string room, string name, PeerId missedBy)
    {
        using (RosterNotificationFaults.Cut(missedBy))
        {
            var joined = await gateway.JoinAsync(room, name);
            Assert.Contains(missedBy, joined.Result.Others.Select(m => m.PeerId));
            return joined;
        }
    }
}
