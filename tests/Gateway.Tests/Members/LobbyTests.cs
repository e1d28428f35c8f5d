using System.Text.Json;

namespace MeshCall.Gateway.Tests.Members;

/// <summary>The lobby on both transports: knock, admit, deny, and a waiting client leaving or dropping.</summary>
[Collection(GatewayCollection.Name)]
public sealed class LobbyTests(EmbeddedGateway gateway)
{
    public static TheoryData<string> Transports => Room.Transports;

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task An_admitted_client_gets_joined_for_its_join_and_the_others_see_it_arrive(string transport)
    {
        await using var room = Room.New(gateway, transport);
        var mod = await Lobby.OpenAsync(room, "member");
        var member = room.Members[1];
        await using var guest = await room.ProbeAsync();

        var waiting = await Lobby.KnockAsync(guest, room.Name, "guest");
        Assert.Equal((Lobby.LobbyId(waiting), "guest"), await Lobby.NextKnockAsync(mod.Probe));
        Assert.False(member.Probe.HasEvent, "only moderators hear a knock");

        Assert.Equal("ok", await mod.Probe.CodeAsync("admit", $$"""{"lobbyId":"{{Lobby.LobbyId(waiting)}}"}"""));

        var joined = await guest.NextAsync("joined");
        Lobby.AssertAnswers(joined, waiting);
        Assert.Equal("member", joined.GetProperty("role").GetString());
        Assert.Equal(2, joined.GetProperty("peers").GetArrayLength());
        var id = joined.GetProperty("peerId").GetString();
        foreach (var other in new[] { mod, member })
        {
            Assert.Equal(id, (await other.Probe.NextAsync("peer-joined")).GetProperty("peerId").GetString());
        }

        var admitted = new Member(guest, joined);
        await Room.AssertNextIsSignalAsync(admitted, member);
        await Room.AssertNextIsSignalAsync(mod, admitted);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_denied_client_gets_denied_for_its_join_and_may_knock_again_on_the_same_connection(string transport)
    {
        await using var room = Room.New(gateway, transport);
        var mod = await Lobby.OpenAsync(room);
        await using var guest = await room.ProbeAsync();

        var waiting = await Lobby.KnockAsync(guest, room.Name, "guest");
        await Lobby.NextKnockAsync(mod.Probe);
        Assert.Equal("ok", await mod.Probe.CodeAsync("deny", $$"""{"lobbyId":"{{Lobby.LobbyId(waiting)}}"}"""));

        var denied = await guest.NextAsync("error");
        Assert.Equal("denied", denied.GetProperty("code").GetString());
        Lobby.AssertAnswers(denied, waiting);

        // Nothing is closed: the same connection knocks again, under a new lobbyId, and this time gets in.
        Assert.Equal("ok", await guest.CodeAsync("ping"));
        var again = await Lobby.KnockAsync(guest, room.Name, "guest");
        Assert.NotEqual(Lobby.LobbyId(waiting), Lobby.LobbyId(again));
        Assert.Equal(Lobby.LobbyId(again), (await Lobby.NextKnockAsync(mod.Probe)).LobbyId);
        Assert.Equal("ok", await mod.Probe.CodeAsync("admit", $$"""{"lobbyId":"{{Lobby.LobbyId(again)}}"}"""));
        Lobby.AssertAnswers(await guest.NextAsync("joined"), again);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_waiting_client_that_leaves_or_drops_is_withdrawn_from_every_moderators_list(string transport)
    {
        await using var room = Room.New(gateway, transport);
        var mod = await Lobby.OpenAsync(room);
        var leaver = await room.ProbeAsync();
        var dropper = await room.ProbeAsync();

        var left = Lobby.LobbyId(await Lobby.KnockAsync(leaver, room.Name, "leaver"));
        var dropped = Lobby.LobbyId(await Lobby.KnockAsync(dropper, room.Name, "dropper"));
        await Lobby.NextKnockAsync(mod.Probe);
        await Lobby.NextKnockAsync(mod.Probe);

        Assert.Equal("ok", await leaver.CodeAsync("leave"));
        Assert.Equal(left, (await mod.Probe.NextAsync("knock-withdrawn")).GetProperty("lobbyId").GetString());
        await dropper.DisposeAsync();
        Assert.Equal(dropped, (await mod.Probe.NextAsync("knock-withdrawn")).GetProperty("lobbyId").GetString());
        await leaver.DisposeAsync();

        // Both are gone from the room: admitting either names nothing now.
        Assert.Equal("invalid-message", await mod.Probe.CodeAsync("admit", $$"""{"lobbyId":"{{left}}"}"""));
        Assert.Equal("invalid-message", await mod.Probe.CodeAsync("deny", $$"""{"lobbyId":"{{dropped}}"}"""));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task While_waiting_a_client_may_only_ping_ack_or_leave(string transport)
    {
        await using var room = Room.New(gateway, transport);
        var mod = await Lobby.OpenAsync(room);
        await using var guest = await room.ProbeAsync();
        await Lobby.KnockAsync(guest, room.Name, "guest");

        Assert.Equal("not-joined", await guest.CodeAsync("signal", $$$"""{"to":"{{{mod.Id}}}","type":"offer","data":{}}"""));
        Assert.Equal("not-joined", await guest.CodeAsync("broadcast", """{"data":{}}"""));
        Assert.Equal("not-joined", await guest.CodeAsync("set-attributes", """{"attributes":{"hand":true}}"""));
        Assert.Equal("already-joined", await guest.CodeAsync("join", JsonSerializer.Serialize(new { room = room.Name, name = "again" })));
        Assert.Equal("ok", await guest.CodeAsync("ping"));

        // Its place is kept all along: admitted, it gets its join's answer.
        var (lobbyId, _) = await Lobby.NextKnockAsync(mod.Probe);
        Assert.Equal("ok", await mod.Probe.CodeAsync("admit", $$"""{"lobbyId":"{{lobbyId}}"}"""));
        await guest.NextAsync("joined");
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_moderator_who_joins_later_or_takes_over_hears_every_knock_still_waiting(string transport)
    {
        await using var room = Room.New(gateway, transport);
        var mod = await Lobby.OpenAsync(room);
        await using var guest = await room.ProbeAsync();
        var waiting = Lobby.LobbyId(await Lobby.KnockAsync(guest, room.Name, "guest"));
        await Lobby.NextKnockAsync(mod.Probe);

        // The room empties: the next fresh join is its first member, so its moderator, and goes straight in.
        Assert.Equal("ok", await mod.Probe.CodeAsync("leave"));
        room.Members.Clear();
        var late = await room.JoinAsync("late");
        Assert.Equal("moderator", late.Role);
        Assert.Equal((waiting, "guest"), await Lobby.NextKnockAsync(late.Probe));

        // A member joins through the lobby; when the moderator leaves, it takes over and hears the knock too.
        await using var second = await room.ProbeAsync();
        var next = Lobby.LobbyId(await Lobby.KnockAsync(second, room.Name, "second"));
        await Lobby.NextKnockAsync(late.Probe);
        Assert.Equal("ok", await late.Probe.CodeAsync("admit", $$"""{"lobbyId":"{{waiting}}"}"""));
        var joined = await guest.NextAsync("joined");
        await late.Probe.NextAsync("peer-joined");
        Assert.Equal("ok", await late.Probe.CodeAsync("leave"));

        var promoted = await guest.NextAsync("role-changed");
        Assert.Equal((joined.GetProperty("peerId").GetString(), "moderator"), (promoted.GetProperty("peerId").GetString(), promoted.GetProperty("role").GetString()));
        Assert.Equal((next, "second"), await Lobby.NextKnockAsync(guest));
        await late.Probe.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_resume_into_a_lobby_room_is_not_held(string transport)
    {
        await using var room = Room.New(gateway, transport);
        var mod = await Lobby.OpenAsync(room, "member");
        var member = room.Members[1];
        await member.Probe.DisposeAsync();
        await mod.Probe.NextAsync("peer-state");

        await using var back = await room.ProbeAsync();
        var resumed = await back.RequestAsync("join", JsonSerializer.Serialize(new { room = room.Name, resume = member.ResumeToken }));
        Assert.Equal(member.Id, resumed.GetProperty("peerId").GetString());
        Assert.Equal("""{"locked":false,"lobby":true}""", resumed.GetProperty("settings").GetRawText());
        var (op, body) = await mod.Probe.NextEventAsync();
        Assert.Equal(("peer-state", "connected"), (op, body.GetProperty("state").GetString()));
    }
}
