namespace MeshCall.Gateway.Tests.Members;

/// <summary>The lobby's bound (<c>Rooms:MaxLobby</c>) and the room's capacity at admission, on a gateway where both are 2.</summary>
public sealed class LobbyBoundTests(LobbyBoundTests.SmallRooms gateway) : IClassFixture<LobbyBoundTests.SmallRooms>
{
    public static TheoryData<string> Transports => Room.Transports;

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_full_lobby_refuses_a_knock_and_an_admission_to_a_full_room_gets_room_full(string transport)
    {
        await using var room = Room.New(gateway, transport);
        var mod = await Lobby.OpenAsync(room);
        await using var first = await room.ProbeAsync();
        await using var second = await room.ProbeAsync();
        await using var third = await room.ProbeAsync();
        var firstId = Lobby.LobbyId(await Lobby.KnockAsync(first, room.Name, "first"));
        var secondReply = await Lobby.KnockAsync(second, room.Name, "second");

        Assert.Equal("room-full", await third.CodeAsync("join", $$"""{"room":"{{room.Name}}","name":"third"}"""));
        Assert.Equal("ok", await third.CodeAsync("ping"));

        // The first fills the room (2 members); the second, admitted too, finds it full.
        Assert.Equal("ok", await mod.Probe.CodeAsync("admit", $$"""{"lobbyId":"{{firstId}}"}"""));
        await first.NextAsync("joined");
        Assert.Equal("ok", await mod.Probe.CodeAsync("admit", $$"""{"lobbyId":"{{Lobby.LobbyId(secondReply)}}"}"""));
        var full = await second.NextAsync("error");
        Assert.Equal("room-full", full.GetProperty("code").GetString());
        Lobby.AssertAnswers(full, secondReply);
        Assert.Equal("ok", await second.CodeAsync("ping"));
    }

    public sealed class SmallRooms : EmbeddedGateway
    {
        protected override IEnumerable<string> Settings => ["--Rooms:MaxPeers=2", "--Rooms:MaxLobby=2"];
    }
}
