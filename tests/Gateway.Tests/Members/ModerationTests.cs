using System.Text.Json;

namespace MeshCall.Gateway.Tests.Members;

/// <summary>A moderator's requests (room-settings, kick, moderate) on both transports, and what anyone else gets for them.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ModerationTests(EmbeddedGateway gateway)
{
    public static TheoryData<string> Transports => Room.Transports;

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_moderator_kicks_a_member_who_is_closed_and_the_others_see_it_leave_as_kicked(string transport)
    {
        await using var room = Room.New(gateway, transport);
        var a = await room.JoinAsync("A");
        var b = await room.JoinAsync("B");
        var c = await room.JoinAsync("C");

        Assert.Equal("ok", await a.Probe.CodeAsync("kick", $$"""{"peerId":"{{b.Id}}"}"""));

        Assert.Equal("kicked", (await b.Probe.NextAsync("closed")).GetProperty("reason").GetString());
        await b.Probe.Closed.WaitAsync(Wait.Timeout);
        foreach (var other in new[] { a, c })
        {
            var left = await other.Probe.NextAsync("peer-left");
            Assert.Equal((b.Id, "kicked"), (left.GetProperty("peerId").GetString(), left.GetProperty("reason").GetString()));
        }

        Assert.Equal("unknown-peer", await a.Probe.CodeAsync("signal", $$$"""{"to":"{{{b.Id}}}","type":"offer","data":{}}"""));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_moderators_request_to_mute_reaches_that_member_only(string transport)
    {
        await using var room = Room.New(gateway, transport);
        var a = await room.JoinAsync("A");
        var b = await room.JoinAsync("B");
        var c = await room.JoinAsync("C");

        Assert.Equal("ok", await a.Probe.CodeAsync("moderate", $$"""{"peerId":"{{b.Id}}","action":"mute"}"""));
        Assert.Equal("ok", await a.Probe.CodeAsync("moderate", $$"""{"peerId":"{{b.Id}}","action":"camera-off"}"""));

        foreach (var action in new[] { "mute", "camera-off" })
        {
            var asked = await b.Probe.NextAsync("moderation");
            Assert.Equal((action, a.Id), (asked.GetProperty("action").GetString(), asked.GetProperty("by").GetString()));
        }

        await Room.AssertNextIsSignalAsync(a, c);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_locked_room_refuses_a_fresh_join_and_takes_a_resume(string transport)
    {
        await using var room = Room.New(gateway, transport);
        var a = await room.JoinAsync("A");
        var b = await room.JoinAsync("B");

        Assert.Equal("ok", await a.Probe.CodeAsync("room-settings", """{"locked":true}"""));
        foreach (var member in new[] { a, b })
        {
            var updated = await member.Probe.NextAsync("room-updated");
            Assert.Equal("""{"locked":true,"lobby":false}""", updated.GetProperty("settings").GetRawText());
            Assert.Equal(a.Id, updated.GetProperty("by").GetString());
        }

        await using var late = await room.ProbeAsync();
        Assert.Equal("room-locked", await late.CodeAsync("join", JsonSerializer.Serialize(new { room = room.Name, name = "late" })));
        Assert.Equal("ok", await late.CodeAsync("ping"));

        await b.Probe.DisposeAsync();
        await a.Probe.NextAsync("peer-state");
        await using var back = await room.ProbeAsync();
        var resumed = await back.RequestAsync("join", JsonSerializer.Serialize(new { room = room.Name, resume = b.ResumeToken }));
        Assert.Equal(b.Id, resumed.GetProperty("peerId").GetString());
        Assert.Equal("""{"locked":true,"lobby":false}""", resumed.GetProperty("settings").GetRawText());

        // Unlocked again with a lobby, the room takes newcomers through it, and reports the setting in their joined.
        Assert.Equal("ok", await a.Probe.CodeAsync("room-settings", """{"locked":false,"lobby":true}"""));
        var waiting = await late.RequestAsync("join", JsonSerializer.Serialize(new { room = room.Name, name = "late" }));
        Assert.Equal("ok", await a.Probe.CodeAsync("admit", $$"""{"lobbyId":"{{waiting.GetProperty("lobbyId").GetString()}}"}"""));
        var joined = await late.NextAsync("joined");
        Assert.Equal("""{"locked":false,"lobby":true}""", joined.GetProperty("settings").GetRawText());
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_member_is_forbidden_every_moderators_request_and_nobody_hears_of_it(string transport)
    {
        await using var room = Room.New(gateway, transport);
        var a = await room.JoinAsync("A");
        var b = await room.JoinAsync("B");
        var c = await room.JoinAsync("C");

        Assert.Equal("forbidden", await b.Probe.CodeAsync("kick", $$"""{"peerId":"{{a.Id}}"}"""));
        Assert.Equal("forbidden", await b.Probe.CodeAsync("kick", """{"peerId":"AAAAAAAAAAAAAAAAAAAAAA"}"""));
        Assert.Equal("forbidden", await b.Probe.CodeAsync("moderate", $$"""{"peerId":"{{c.Id}}","action":"mute"}"""));
        Assert.Equal("forbidden", await b.Probe.CodeAsync("room-settings", """{"locked":true}"""));

        await Room.AssertNextIsSignalAsync(b, a);
        await Room.AssertNextIsSignalAsync(b, c);
        Assert.False(b.Probe.HasEvent);
        await using var late = await room.ProbeAsync();
        await late.RequestAsync("join", JsonSerializer.Serialize(new { room = room.Name, name = "late" }));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_moderator_naming_a_peer_outside_its_room_gets_unknown_peer_and_that_peer_hears_nothing(string transport)
    {
        await using var room = Room.New(gateway, transport);
        var a = await room.JoinAsync("A");
        await using var elsewhere = Room.New(gateway, transport);
        var x = await elsewhere.JoinAsync("X");
        var y = await elsewhere.JoinAsync("Y");

        Assert.Equal("unknown-peer", await a.Probe.CodeAsync("kick", $$"""{"peerId":"{{y.Id}}"}"""));
        Assert.Equal("unknown-peer", await a.Probe.CodeAsync("moderate", $$"""{"peerId":"{{y.Id}}","action":"mute"}"""));
        Assert.Equal("unknown-peer", await a.Probe.CodeAsync("kick", $$"""{"peerId":"{{a.Id}}"}"""));
        Assert.Equal("unknown-peer", await a.Probe.CodeAsync("kick", """{"peerId":"not an id"}"""));

        await Room.AssertNextIsSignalAsync(x, y);
    }
}
