using System.Threading.Channels;
using MeshCall.Client;
using static MeshCall.Gateway.Tests.DotNetClient.SessionModerationTests;

namespace MeshCall.Gateway.Tests.DotNetClient;

/// <summary>
/// A <see cref="MeshCallSession"/>'s lobby against the real gateway (no auth: the room's first member moderates): a
/// newcomer's join waits until the moderator admits or denies it, or until the newcomer gives up.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class SessionLobbyTests(EmbeddedGateway gateway)
{
    private const string Presenting = """{"presenting":true}""";

    [Fact]
    public async Task A_join_waits_in_the_lobby_the_moderator_alone_hears_the_knock_and_its_admit_completes_the_join()
    {
        var room = NewRoom();
        await using var mod = await JoinAsync(room, "mod");
        await using var member = await JoinAsync(room, "member");
        await mod.SetAttributesAsync(Presenting);
        await mod.SetRoomSettingsAsync(lobby: true);
        var knocks = Record<Knock>(handler => mod.Knocked += handler);
        var heardByMember = Record<string>(handler => member.Knocked += knock => handler("knock " + knock.Name));
        member.PeerJoined += peer => heardByMember.Writer.TryWrite("joined " + peer.Name);
        var waiting = Channel.CreateUnbounded<string>();

        var joining = JoinAsync(room, "guest", lobbyId => waiting.Writer.TryWrite(lobbyId));

        var lobbyId = await waiting.Reader.NextAsync();
        Assert.Equal(new Knock(lobbyId, "guest"), await knocks.Reader.NextAsync());
        Assert.False(joining.IsCompleted, "a join held in the lobby has not completed");

        await mod.AdmitAsync(lobbyId);

        await using var guest = await joining.WaitAsync(Wait.Timeout);
        Assert.Equal((MemberRoles.Member, new RoomSettings(Locked: false, Lobby: true)), (guest.Role, guest.Settings));
        var seenMod = guest.Peers[mod.PeerId!];
        Assert.Equal(("mod", MemberRoles.Moderator, Presenting), (seenMod.Name, seenMod.Role, seenMod.Attributes.GetRawText()));
        Assert.Equal(MemberRoles.Member, guest.Peers[member.PeerId!].Role);

        // The member's next event is the guest arriving: the knock before it went to the moderator only.
        Assert.Equal("joined guest", await heardByMember.Reader.NextAsync());
        var heardByMod = Record<string>(handler => mod.BroadcastReceived += message => handler(message.Data.GetString()!));
        await guest.BroadcastAsync("\"in\"");
        Assert.Equal("in", await heardByMod.Reader.NextAsync());
    }

    [Fact]
    public async Task A_denied_join_throws_denied_and_leaves_the_room_as_it_was()
    {
        var room = NewRoom();
        await using var mod = await JoinAsync(room, "mod");
        await mod.SetRoomSettingsAsync(lobby: true);
        var knocks = Record<Knock>(handler => mod.Knocked += handler);
        var heardByMod = Record<string>(handler => mod.PeerJoined += peer => handler("joined " + peer.Name));

        var joining = JoinAsync(room, "guest");
        var knock = await knocks.Reader.NextAsync();
        await mod.DenyAsync(knock.LobbyId);

        Assert.Equal("denied", await Wait.ErrorCodeAsync(() => joining.WaitAsync(Wait.Timeout)));
        Assert.Equal("invalid-message", await Wait.ErrorCodeAsync(() => mod.AdmitAsync(knock.LobbyId)));

        // The next to knock is let in, and the moderator's first arrival is that one: the denied guest never came.
        var next = JoinAsync(room, "next");
        await mod.AdmitAsync((await knocks.Reader.NextAsync()).LobbyId);
        await using var admitted = await next.WaitAsync(Wait.Timeout);
        Assert.Equal("joined next", await heardByMod.Reader.NextAsync());
        Assert.Equal([mod.PeerId!], admitted.Peers.Keys);
    }

    [Fact]
    public async Task A_newcomer_that_cancels_its_join_is_withdrawn_from_the_moderators_lobby()
    {
        var room = NewRoom();
        await using var mod = await JoinAsync(room, "mod");
        await mod.SetRoomSettingsAsync(lobby: true);
        var knocks = Record<string>(handler => mod.Knocked += knock => handler("knock " + knock.LobbyId));
        mod.KnockWithdrawn += lobbyId => knocks.Writer.TryWrite("withdrawn " + lobbyId);
        using var giveUp = new CancellationTokenSource();
        var waiting = Channel.CreateUnbounded<string>();

        var joining = JoinAsync(room, "guest", lobbyId => waiting.Writer.TryWrite(lobbyId), giveUp.Token);
        var lobbyId = await waiting.Reader.NextAsync();
        Assert.Equal("knock " + lobbyId, await knocks.Reader.NextAsync());
        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => joining.WaitAsync(Wait.Timeout));
        Assert.Equal("withdrawn " + lobbyId, await knocks.Reader.NextAsync());
        Assert.Equal("invalid-message", await Wait.ErrorCodeAsync(() => mod.AdmitAsync(lobbyId)));
        Assert.Empty(mod.Peers);
    }

    [Fact]
    public async Task When_the_moderator_leaves_a_waiting_knock_reaches_the_member_that_takes_over_and_its_admit_lets_the_guest_in()
    {
        var room = NewRoom();
        var mod = await JoinAsync(room, "mod");
        await using var member = await JoinAsync(room, "member");
        await mod.SetRoomSettingsAsync(lobby: true);
        var knocksToMod = Record<Knock>(handler => mod.Knocked += handler);
        var heardByMember = Record<string>(handler => member.Knocked += knock => handler($"knock {knock.LobbyId} {knock.Name}"));
        member.RoleChanged += (peerId, role) => heardByMember.Writer.TryWrite($"role {peerId} {role}");

        var joining = JoinAsync(room, "guest");
        var knock = await knocksToMod.Reader.NextAsync();
        await mod.LeaveAsync();
        await mod.DisposeAsync();

        Assert.Equal($"role {member.PeerId} {MemberRoles.Moderator}", await heardByMember.Reader.NextAsync());
        Assert.Equal($"knock {knock.LobbyId} guest", await heardByMember.Reader.NextAsync());
        await member.AdmitAsync(knock.LobbyId);
        await using var guest = await joining.WaitAsync(Wait.Timeout);
        Assert.Equal([member.PeerId!], guest.Peers.Keys);
        Assert.Equal(MemberRoles.Moderator, guest.Peers[member.PeerId!].Role);
    }

    [Fact]
    public async Task A_newcomer_whose_connection_drops_in_the_lobby_knocks_again_and_its_first_knock_is_withdrawn()
    {
        var room = NewRoom();
        await using var relay = new SeveringRelay(gateway.WebSocket);
        await using var mod = await JoinAsync(room, "mod");
        await mod.SetRoomSettingsAsync(lobby: true);
        var knocks = Record<string>(handler => mod.Knocked += knock => handler("knock " + knock.LobbyId));
        mod.KnockWithdrawn += lobbyId => knocks.Writer.TryWrite("withdrawn " + lobbyId);
        var waiting = Channel.CreateUnbounded<string>();
        var options = new MeshCallSessionOptions([relay.WebSocket], room, "guest") { WaitingInLobby = lobbyId => waiting.Writer.TryWrite(lobbyId) };

        var joining = MeshCallSession.JoinAsync(options);
        var first = await waiting.Reader.NextAsync();
        Assert.Equal("knock " + first, await knocks.Reader.NextAsync());
        relay.SeverAll();

        var second = await waiting.Reader.NextAsync();
        Assert.NotEqual(first, second);
        // Which of the two the moderator hears first is a race between the gateway noticing the drop and the rejoin.
        string[] heard = [await knocks.Reader.NextAsync(), await knocks.Reader.NextAsync()];
        Assert.Equal(new[] { "withdrawn " + first, "knock " + second }.Order(), heard.Order());
        Assert.False(joining.IsCompleted, "the join waits in the lobby again");
        await mod.AdmitAsync(second);
        await using var guest = await joining.WaitAsync(Wait.Timeout);
        Assert.Equal([mod.PeerId!], guest.Peers.Keys);
    }

    private Task<MeshCallSession> JoinAsync(string room, string name, Action<string>? waitingInLobby = null, CancellationToken cancellation = default) =>
        MeshCallSession.JoinAsync(new MeshCallSessionOptions([gateway.WebSocket], room, name) { WaitingInLobby = waitingInLobby }, cancellation);

    private static string NewRoom() => "session-lobby-" + Guid.NewGuid().ToString("N");
}
