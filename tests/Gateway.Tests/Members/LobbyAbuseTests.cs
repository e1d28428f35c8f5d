using System.Text.Json;

namespace MeshCall.Gateway.Tests.Members;

/// <summary>What a lobby refuses: a member's admit or deny, made-up lobbyIds, and another room's.</summary>
[Collection(GatewayCollection.Name)]
public sealed class LobbyAbuseTests(EmbeddedGateway gateway)
{
    public static TheoryData<string> Transports => Room.Transports;

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_members_admit_or_deny_is_forbidden_whatever_it_names(string transport)
    {
        await using var room = Room.New(gateway, transport);
        var mod = await Lobby.OpenAsync(room, "member");
        var member = room.Members[1];
        await using var guest = await room.ProbeAsync();
        var lobbyId = Lobby.LobbyId(await Lobby.KnockAsync(guest, room.Name, "guest"));

        foreach (var named in new[] { lobbyId, "made-up" })
        {
            Assert.Equal("forbidden", await member.Probe.CodeAsync("admit", $$"""{"lobbyId":"{{named}}"}"""));
            Assert.Equal("forbidden", await member.Probe.CodeAsync("deny", $$"""{"lobbyId":"{{named}}"}"""));
        }

        // The entry is untouched: the moderator still admits it.
        Assert.Equal(lobbyId, (await Lobby.NextKnockAsync(mod.Probe)).LobbyId);
        Assert.Equal("ok", await mod.Probe.CodeAsync("admit", $$"""{"lobbyId":"{{lobbyId}}"}"""));
        await guest.NextAsync("joined");
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Made_up_or_missing_lobby_ids_are_invalid_and_leave_the_moderator_and_the_lobby_as_they_were(string transport)
    {
        await using var room = Room.New(gateway, transport);
        var mod = await Lobby.OpenAsync(room);
        await using var guest = await room.ProbeAsync();
        var lobbyId = Lobby.LobbyId(await Lobby.KnockAsync(guest, room.Name, "guest"));
        await Lobby.NextKnockAsync(mod.Probe);

        foreach (var body in new[] { "{}", """{"lobbyId":""}""", """{"lobbyId":42}""", """{"lobbyId":"AAAAAAAAAAAAAAAAAAAAAA"}""", $$"""{"lobbyId":"{{new string('x', 5000)}}"}""" })
        {
            Assert.Equal("invalid-message", await mod.Probe.CodeAsync("admit", body));
            Assert.Equal("invalid-message", await mod.Probe.CodeAsync("deny", body));
        }

        Assert.Equal("ok", await mod.Probe.CodeAsync("admit", $$"""{"lobbyId":"{{lobbyId}}"}"""));
        await guest.NextAsync("joined");

        // A second admit of the same entry (two moderators racing) names nothing waiting any more.
        Assert.Equal("invalid-message", await mod.Probe.CodeAsync("admit", $$"""{"lobbyId":"{{lobbyId}}"}"""));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Another_rooms_lobby_id_reaches_nothing(string transport)
    {
        await using var here = Room.New(gateway, transport);
        await using var there = Room.New(gateway, transport);
        var ours = await Lobby.OpenAsync(here);
        var theirs = await Lobby.OpenAsync(there);
        await using var guest = await there.ProbeAsync();
        var lobbyId = Lobby.LobbyId(await Lobby.KnockAsync(guest, there.Name, "guest"));
        await Lobby.NextKnockAsync(theirs.Probe);

        Assert.Equal("invalid-message", await ours.Probe.CodeAsync("admit", $$"""{"lobbyId":"{{lobbyId}}"}"""));
        Assert.Equal("invalid-message", await ours.Probe.CodeAsync("deny", $$"""{"lobbyId":"{{lobbyId}}"}"""));

        // Still waiting there, and only there: its own room's moderator admits it.
        Assert.Equal("ok", await theirs.Probe.CodeAsync("admit", $$"""{"lobbyId":"{{lobbyId}}"}"""));
        var joined = await guest.NextAsync("joined");
        Assert.Equal(there.Name, joined.GetProperty("room").GetString());
        Assert.Equal(theirs.Id, joined.GetProperty("peers")[0].GetProperty("peerId").GetString());
        Assert.Equal("unknown-peer", await ours.Probe.CodeAsync("signal", JsonSerializer.Serialize(new { to = joined.GetProperty("peerId").GetString(), type = "offer", data = new { } })));
    }
}
