using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Grains.Tests;

/// <summary>
/// Roles kept by the room without grants: the first member moderates, the oldest takes over when the last moderator
/// goes however it goes, and a member that missed a role change catches up like one that missed a join.
/// </summary>
[Collection(TwoSiloCollection.Name)]
public sealed class MemberRoleTests(TwoSiloCluster fixture)
{
    private static string NewRoom() => "roles-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task When_the_moderator_times_out_the_oldest_member_becomes_one_and_hears_it()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var room = NewRoom();
        var a = await gateway.JoinAsync(room, "a");
        var b = await gateway.JoinAsync(room, "b");
        var c = await gateway.JoinAsync(room, "c");
        Assert.Equal((MemberRole.Moderator, MemberRole.Member), (a.Result.Role, b.Result.Role));
        await gateway.NextAsync<PeerJoinedEvent>(b.Connection);

        // Its connection drops and it never comes back: the resume window (2 s here) ends its session.
        await fixture.Grains.GetPeer(a.Peer).DisconnectAsync(a.Connection);

        foreach (var connection in new[] { b.Connection, c.Connection })
        {
            Assert.Equal(new PeerStateEvent(a.Peer, PresenceState.Reconnecting), await gateway.NextAsync<PeerStateEvent>(connection));
            Assert.Equal(new PeerLeftEvent(a.Peer, LeaveReason.Timeout), await gateway.NextAsync<PeerLeftEvent>(connection));
            Assert.Equal(new RoleChangedEvent(b.Peer, MemberRole.Moderator), await gateway.NextAsync<RoleChangedEvent>(connection));
        }

        var roster = await fixture.Grains.GetRoom(new RoomId(room)).GetRosterAsync();
        Assert.Equal([MemberRole.Moderator, MemberRole.Member], roster.Members.Select(m => m.Role));
    }

    [Fact]
    public async Task A_member_that_missed_a_role_change_hears_of_it_with_the_next_change()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var room = NewRoom();
        var a = await gateway.JoinAsync(room, "a");
        var b = await gateway.JoinAsync(room, "b");
        var c = await gateway.JoinAsync(room, "c");
        await gateway.NextAsync<PeerJoinedEvent>(b.Connection);
        using (RosterNotificationFaults.Cut(c.Peer))
        {
            await fixture.Grains.GetPeer(a.Peer).LeaveAsync(a.Connection);
            Assert.Equal(new PeerLeftEvent(a.Peer, LeaveReason.Left), await gateway.NextAsync<PeerLeftEvent>(b.Connection));
            Assert.Equal(new RoleChangedEvent(b.Peer, MemberRole.Moderator), await gateway.NextAsync<RoleChangedEvent>(b.Connection));
        }

        var d = await gateway.JoinAsync(room, "d");

        // The join shows c the gap; the re-read tells it the departure and the role change it missed.
        Assert.Equal(
            [new PeerJoinedEvent(d.Peer, "d"), new PeerLeftEvent(a.Peer, LeaveReason.Left), new RoleChangedEvent(b.Peer, MemberRole.Moderator)],
            await gateway.NextInOrderAsync(c.Connection, 3));
        Assert.False(gateway.HasPending(c.Connection), "each change is told once");
    }

    [Fact]
    public async Task A_member_that_missed_becoming_moderator_is_told_so_itself()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var room = NewRoom();
        var a = await gateway.JoinAsync(room, "a");
        var b = await gateway.JoinAsync(room, "b");
        using (RosterNotificationFaults.Cut(b.Peer))
        {
            await fixture.Grains.GetPeer(a.Peer).LeaveAsync(a.Connection);
        }

        var c = await gateway.JoinAsync(room, "c");
        Assert.Equal(MemberRole.Member, c.Result.Role);

        Assert.Equal(
            [new PeerJoinedEvent(c.Peer, "c"), new PeerLeftEvent(a.Peer, LeaveReason.Left), new RoleChangedEvent(b.Peer, MemberRole.Moderator)],
            await gateway.NextInOrderAsync(b.Connection, 3));
    }

    [Fact]
    public async Task A_member_that_missed_an_attribute_change_hears_of_it_with_the_next_change()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var room = NewRoom();
        var a = await gateway.JoinAsync(room, "a");
        var b = await gateway.JoinAsync(room, "b");
        var c = await gateway.JoinAsync(room, "c");
        await gateway.NextInOrderAsync(a.Connection, 2);
        await gateway.NextAsync<PeerJoinedEvent>(b.Connection);
        var hand = System.Text.Encoding.UTF8.GetBytes("""{"hand":true}""");
        using (RosterNotificationFaults.Cut(c.Peer))
        {
            Assert.True(await fixture.Grains.GetPeer(b.Peer).SetAttributesAsync(hand));
            Assert.Equal(hand, (await gateway.NextAsync<PeerUpdatedEvent>(a.Connection)).Attributes);
        }

        var d = await gateway.JoinAsync(room, "d");

        var events = await gateway.NextInOrderAsync(c.Connection, 2);
        Assert.Equal(new PeerJoinedEvent(d.Peer, "d"), events[0]);
        var caughtUp = Assert.IsType<PeerUpdatedEvent>(events[1]);
        Assert.Equal(b.Peer, caughtUp.PeerId);
        Assert.Equal(hand, caughtUp.Attributes);
        Assert.False(gateway.HasPending(c.Connection), "each change is told once");
        Assert.Equal(new PeerJoinedEvent(d.Peer, "d"), await gateway.NextAsync<PeerJoinedEvent>(b.Connection));
        Assert.False(gateway.HasPending(b.Connection), "a member is not told of its own attributes");
        Assert.Equal(hand, Assert.Single(d.Result.Others, m => m.PeerId == b.Peer).Attributes);
    }
}
