using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Grains.Tests;

/// <summary>The lobby where races and silence are easier to reach than through a gateway: two moderators, a gateway that stops vouching.</summary>
[Collection(TwoSiloCollection.Name)]
public sealed class LobbyTests(TwoSiloCluster fixture)
{
    [Fact]
    public async Task Two_moderators_admitting_the_same_entry_admit_it_once_and_the_other_hears_it_withdrawn()
    {
        using var gateway = new TestGateway(fixture.Grains);
        var room = new RoomId("lobby-" + Guid.NewGuid().ToString("N"));
        var (a, aConnection) = await JoinModeratorAsync(gateway, room, "a");
        var (b, bConnection) = await JoinModeratorAsync(gateway, room, "b");
        Assert.Equal(ModerationOutcome.Done, await fixture.Grains.GetPeer(a).ChangeRoomSettingsAsync(null, lobby: true));
        await gateway.NextAsync<PeerJoinedEvent>(aConnection);
        await gateway.NextAsync<RoomUpdatedEvent>(aConnection);
        await gateway.NextAsync<RoomUpdatedEvent>(bConnection);

        var guest = await fixture.Grains.GetPeer(PeerId.New()).JoinAsync(room, new MemberEntry("guest"), gateway.Connect("guest"));
        Assert.Equal(JoinStatus.Lobby, guest.Status);
        var knock = new KnockEvent(new LobbyKnock(guest.LobbyId!, "guest"));
        Assert.Equal(knock, await gateway.NextAsync<KnockEvent>(aConnection));
        Assert.Equal(knock, await gateway.NextAsync<KnockEvent>(bConnection));

        var outcomes = await Task.WhenAll(
            fixture.Grains.GetPeer(a).AnswerKnockAsync(guest.LobbyId!, admit: true),
            fixture.Grains.GetPeer(b).AnswerKnockAsync(guest.LobbyId!, admit: true));
        Assert.Equal([ModerationOutcome.Done, ModerationOutcome.UnknownLobbyEntry], outcomes.Order());
        Assert.Equal(("guest", guest.LobbyId, true), await gateway.LobbyAnswers.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));

        var loser = outcomes[0] == ModerationOutcome.Done ? bConnection : aConnection;
        Assert.Equal(new KnockWithdrawnEvent(guest.LobbyId!), await gateway.NextAsync<KnockWithdrawnEvent>(loser));
        Assert.False(gateway.LobbyAnswers.Reader.TryRead(out _), "the entry was answered once");
    }

    [Fact]
    public async Task A_waiting_entry_no_gateway_vouches_for_expires_and_moderators_hear_it_withdrawn()
    {
        using var gateway = new TestGateway(fixture.Grains, heartbeatInterval: TimeSpan.FromMilliseconds(300));
        var room = new RoomId("lobby-" + Guid.NewGuid().ToString("N"));
        var (a, aConnection) = await JoinModeratorAsync(gateway, room, "a");
        Assert.Equal(ModerationOutcome.Done, await fixture.Grains.GetPeer(a).ChangeRoomSettingsAsync(null, lobby: true));
        await gateway.NextAsync<RoomUpdatedEvent>(aConnection);
        var guest = await fixture.Grains.GetPeer(PeerId.New()).JoinAsync(room, new MemberEntry("guest"), gateway.Connect("guest"));
        await gateway.NextAsync<KnockEvent>(aConnection);

        // Its gateway never beats for it (as one that died): within a few intervals and a room tick it is gone.
        Assert.Equal(new KnockWithdrawnEvent(guest.LobbyId!), await gateway.NextAsync<KnockWithdrawnEvent>(aConnection));
        Assert.False(await fixture.Grains.GetRoom(room).LobbyBeatAsync(guest.LobbyId!));
        Assert.Equal(ModerationOutcome.UnknownLobbyEntry, await fixture.Grains.GetPeer(a).AnswerKnockAsync(guest.LobbyId!, admit: true));
    }

    private async Task<(PeerId Peer, string Connection)> JoinModeratorAsync(TestGateway gateway, RoomId room, string name)
    {
        var peer = PeerId.New();
        var connection = Guid.NewGuid().ToString("N");
        var result = await fixture.Grains.GetPeer(peer).JoinAsync(room, new MemberEntry(name, MemberRole.Moderator), gateway.Connect(connection));
        Assert.Equal(JoinStatus.Joined, result.Status);
        return (peer, connection);
    }
}
