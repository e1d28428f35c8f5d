using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;
using Orleans.Core.Internal;

namespace MeshCall.Grains.Tests;

[Collection(TwoSiloCollection.Name)]
public sealed class SessionStorageTests(TwoSiloCluster fixture)
{
    private static string NewRoom() => "room-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_join_reads_nothing_from_storage_and_writes_its_session_once()
    {
        using var gateway = new TestGateway(fixture.Grains);

        var joined = await gateway.JoinAsync(NewRoom(), "ada");

        Assert.Equal(JoinStatus.Joined, joined.Result.Status);
        Assert.Equal(new StorageFaults.Operations(Reads: 0, Writes: 1), StorageFaults.Of(fixture.Grains.GetPeer(joined.Peer).GetGrainId()));
    }

    [Fact]
    public async Task A_join_whose_session_cannot_be_stored_is_refused_whole()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var room = NewRoom();
        var a = await gateway.JoinAsync(room, "ada");
        var b = PeerId.New();

        using (StorageFaults.FailWrites(fixture.Grains.GetPeer(b).GetGrainId()))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => fixture.Grains.GetPeer(b).JoinAsync(new RoomId(room), "bob", gateway.Connect("b")));
        }

        // The room admitted it while its session was being stored, and lets it go again: it is not a member.
        Assert.Equal([new PeerJoinedEvent(b, "bob"), new PeerLeftEvent(b, LeaveReason.Left)], await gateway.NextInOrderAsync(a.Connection, 2));
        var roster = await fixture.Grains.GetRoom(new RoomId(room)).GetRosterAsync();
        Assert.Equal([a.Peer], roster.Members.Select(m => m.PeerId));
        Assert.Equal(SessionStatus.Gone, (await fixture.Grains.GetPeer(b).HeartbeatAsync("b", 0, 0)).Status);
    }

    [Fact]
    public async Task A_session_whose_activation_is_lost_is_restored_from_storage_and_resumes()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var room = NewRoom();
        var a = await gateway.JoinAsync(room, "ada");
        var b = await gateway.JoinAsync(room, "bob");
        await gateway.NextAsync<PeerJoinedEvent>(a.Connection);

        // As when its silo is lost: the activation goes, and all it held in memory with it.
        await fixture.Grains.GetPeer(b.Peer).Cast<IGrainManagementExtension>().DeactivateOnIdle();

        var secret = b.Result.ResumeToken[(b.Result.ResumeToken.IndexOf('.') + 1)..];
        var resumed = await fixture.Grains.GetPeer(b.Peer).ResumeAsync(b.Result.Room, secret, gateway.Connect("b-again"), lastSeq: null);
        Assert.Equal(JoinStatus.Joined, resumed.Status);
        Assert.Equal(b.Peer, resumed.PeerId);
        Assert.Equal([a.Peer], resumed.Others.Select(m => m.PeerId));
        Assert.Equal(1, EventSeq.Epoch(resumed.FirstSeq));

        Assert.Equal(RelayOutcome.Delivered, await fixture.Grains.GetPeer(b.Peer).RelayAsync(a.Peer, SignalType.Offer, "{}"u8.ToArray(), 0));
        Assert.Equal(a.Peer, (await gateway.NextAsync<SignalEvent>("b-again")).From);
    }
}
