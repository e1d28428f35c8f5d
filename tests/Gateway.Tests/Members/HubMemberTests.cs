using Microsoft.AspNetCore.SignalR;

namespace MeshCall.Gateway.Tests.Members;

/// <summary>The member requests and events by their hub names, with the official client on both hub protocols.</summary>
[Collection(GatewayCollection.Name)]
public sealed class HubMemberTests(EmbeddedGateway gateway)
{
    [Theory]
    [MemberData(nameof(HubTransportTests.Protocols), MemberType = typeof(HubTransportTests))]
    public async Task Hub_methods_and_events_carry_roles_attributes_and_moderation(string protocol)
    {
        var room = "hub-members-" + Guid.NewGuid().ToString("N");
        await using var a = await HubPeer.ConnectAsync(gateway, protocol);
        await using var b = await HubPeer.ConnectAsync(gateway, protocol);
        var ja = await a.JoinAsync(room, "A");
        var jb = await b.JoinAsync(room, "B");
        var arrival = await a.NextAsync("PeerJoined");
        Assert.Equal("member", arrival.GetProperty("role").GetString());

        await b.InvokeAsync("SetAttributes", new() { ["attributes"] = new Dictionary<string, object> { ["hand"] = true } });
        var updated = await a.NextAsync("PeerUpdated");
        Assert.Equal(jb, updated.GetProperty("peerId").GetString());
        Assert.True(updated.GetProperty("attributes").GetProperty("hand").GetBoolean());

        await a.InvokeAsync("Moderate", new() { ["peerId"] = jb, ["action"] = "camera-off" });
        Assert.Equal("camera-off", (await b.NextAsync("Moderation")).GetProperty("action").GetString());
        await a.InvokeAsync("RoomSettings", new() { ["lobby"] = true });
        Assert.True((await b.NextAsync("RoomUpdated")).GetProperty("settings").GetProperty("lobby").GetBoolean());
        var refused = await Assert.ThrowsAsync<HubException>(() => b.InvokeAsync("Kick", new() { ["peerId"] = ja }));
        Assert.StartsWith("forbidden: ", refused.Message);

        await a.InvokeAsync("Leave", new());
        var changed = await b.NextAsync("RoleChanged", skip: "PeerLeft");
        Assert.Equal((jb, "moderator"), (changed.GetProperty("peerId").GetString(), changed.GetProperty("role").GetString()));
    }
}
