using System.Text.Json;

namespace MeshCall.Gateway.Tests.Members;

/// <summary>With <c>Auth:Mode=None</c> the room gives roles: its first member moderates, and the oldest takes over.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RoleTests(EmbeddedGateway gateway)
{
    public static TheoryData<string> Transports => Room.Transports;

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task The_first_member_moderates_and_everyone_is_told_each_role(string transport)
    {
        await using var room = Room.New(gateway, transport);
        var a = await room.JoinAsync("A");
        Assert.Equal("moderator", a.Role);
        Assert.Equal("""{"locked":false,"lobby":false}""", a.Joined.GetProperty("settings").GetRawText());

        var b = await room.JoinAsync("B");
        Assert.Equal("member", b.Role);
        var seen = b.Joined.GetProperty("peers").EnumerateArray().Single();
        Assert.Equal((a.Id, "moderator"), (seen.GetProperty("peerId").GetString(), seen.GetProperty("role").GetString()));

        var c = await room.ProbeAsync();
        await c.RequestAsync("join", JsonSerializer.Serialize(new { room = room.Name, name = "C" }));
        var arrival = await a.Probe.NextAsync("peer-joined");
        Assert.Equal("member", arrival.GetProperty("role").GetString());
        await c.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task When_the_moderator_leaves_the_oldest_member_becomes_one_and_everyone_hears_it(string transport)
    {
        await using var room = Room.New(gateway, transport);
        var a = await room.JoinAsync("A");
        var b = await room.JoinAsync("B");
        var c = await room.JoinAsync("C");

        await a.Probe.RequestAsync("leave");

        foreach (var member in new[] { b, c })
        {
            Assert.Equal(a.Id, (await member.Probe.NextAsync("peer-left")).GetProperty("peerId").GetString());
            var changed = await member.Probe.NextAsync("role-changed");
            Assert.Equal((b.Id, "moderator"), (changed.GetProperty("peerId").GetString(), changed.GetProperty("role").GetString()));
        }

        // The new moderator moderates: its kick is obeyed.
        Assert.Equal("ok", await b.Probe.CodeAsync("kick", $$"""{"peerId":"{{c.Id}}"}"""));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_resumed_member_is_told_its_role_and_the_roles_of_the_others(string transport)
    {
        await using var room = Room.New(gateway, transport);
        var a = await room.JoinAsync("A");
        var b = await room.JoinAsync("B");
        await a.Probe.DisposeAsync();
        await b.Probe.NextAsync("peer-state");

        await using var back = await room.ProbeAsync();
        var resumed = await back.RequestAsync("join", JsonSerializer.Serialize(new { room = room.Name, resume = a.ResumeToken }));

        Assert.Equal("moderator", resumed.GetProperty("role").GetString());
        Assert.Equal("member", resumed.GetProperty("peers")[0].GetProperty("role").GetString());
    }
}
