using MeshCall.Contracts;
using MeshCall.Contracts.Peers;

namespace MeshCall.Grains.Tests;

[Collection(TwoSiloCollection.Name)]
public sealed class SessionTimeoutTests(TwoSiloCluster fixture)
{
    [Fact]
    public async Task A_session_whose_gateway_goes_silent_is_held_then_times_out_of_its_room()
    {
        using var alive = new TestGateway(fixture.Grains);
        using var silent = new TestGateway(fixture.Grains, heartbeatInterval: TimeSpan.FromMilliseconds(100));
        var room = "room-" + Guid.NewGuid().ToString("N");
        var a = await alive.JoinAsync(room, "a");
        var b = await silent.JoinAsync(room, "b");
        await alive.NextAsync<PeerJoinedEvent>(a.Connection);
        var started = DateTimeOffset.UtcNow;

        // The silent gateway never sends a heartbeat, as if its process had died after the join.
        Assert.Equal(new PeerStateEvent(b.Peer, PresenceState.Reconnecting), await alive.NextAsync<PeerStateEvent>(a.Connection));
        Assert.Equal(new PeerLeftEvent(b.Peer, LeaveReason.Timeout), await alive.NextAsync<PeerLeftEvent>(a.Connection));

        var elapsed = DateTimeOffset.UtcNow - started;
        Assert.True(elapsed < TwoSiloCluster.ResumeWindow + TimeSpan.FromSeconds(2), $"timed out after {elapsed}");
        Assert.Equal(SessionStatus.Gone, (await fixture.Grains.GetPeer(b.Peer).HeartbeatAsync(b.Connection, 0, 0)).Status);
    }

    [Fact]
    public async Task Heartbeats_keep_a_session_and_a_resume_moves_it_to_a_new_connection()
    {
        // Long enough that A, which this test never heartbeats, is not taken for gone while a busy machine runs it
        // (at 200 ms, A was detached after under a second and B's arrival was kept from it: a CI run timed out so).
        using var gateway = new TestGateway(fixture.Grains, heartbeatInterval: TimeSpan.FromSeconds(5));
        var room = "room-" + Guid.NewGuid().ToString("N");
        var a = await gateway.JoinAsync(room, "a");
        var b = await gateway.JoinAsync(room, "b");
        await gateway.NextAsync<PeerJoinedEvent>(a.Connection);
        var peer = fixture.Grains.GetPeer(b.Peer);
        Assert.Equal(SessionStatus.Held, (await peer.HeartbeatAsync(b.Connection, 0, 0)).Status);

        await peer.DisconnectAsync(b.Connection);
        Assert.Equal(PresenceState.Reconnecting, (await gateway.NextAsync<PeerStateEvent>(a.Connection)).State);
        await fixture.Grains.GetPeer(b.Peer).RelayAsync(a.Peer, SignalType.Offer, "1"u8.ToArray(), 0);

        var secret = b.Result.ResumeToken[(b.Result.ResumeToken.IndexOf('.') + 1)..];
        var resumed = await peer.ResumeAsync(b.Result.Room, secret, gateway.Connect("second"), null);
        Assert.Equal(JoinStatus.Joined, resumed.Status);
        Assert.Equal(b.Peer, resumed.PeerId);
        Assert.NotEqual(b.Result.ResumeToken, resumed.ResumeToken);

        // What was addressed to it while away arrives on the new connection; the old token is spent.
        Assert.Equal(a.Peer, (await gateway.NextAsync<SignalEvent>("second")).From);
        Assert.Equal(PresenceState.Connected, (await gateway.NextAsync<PeerStateEvent>(a.Connection)).State);
        Assert.Equal(JoinStatus.ResumeExpired, (await peer.ResumeAsync(b.Result.Room, secret, gateway.Connect("third"), null)).Status);
    }

    [Fact]
    public async Task A_late_heartbeat_from_the_same_connection_takes_the_session_back()
    {
        using var alive = new TestGateway(fixture.Grains);
        using var slow = new TestGateway(fixture.Grains, heartbeatInterval: TimeSpan.FromMilliseconds(100));
        var room = "room-" + Guid.NewGuid().ToString("N");
        var a = await alive.JoinAsync(room, "a");
        var b = await slow.JoinAsync(room, "b");
        await alive.NextAsync<PeerJoinedEvent>(a.Connection);
        Assert.Equal(PresenceState.Reconnecting, (await alive.NextAsync<PeerStateEvent>(a.Connection)).State);

        Assert.Equal(SessionStatus.Held, (await fixture.Grains.GetPeer(b.Peer).HeartbeatAsync(b.Connection, 0, 0)).Status);

        Assert.Equal(new PeerStateEvent(b.Peer, PresenceState.Connected), await alive.NextAsync<PeerStateEvent>(a.Connection));
    }
}
