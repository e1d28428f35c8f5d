using System.Text.Json;
using System.Threading.Channels;
using MeshCall.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MeshCall.Gateway.Tests;

/// <summary>The SignalR hub with the official .NET client, on both hub protocols, alongside <c>/ws</c> clients.</summary>
[Collection(GatewayCollection.Name)]
public sealed class HubTransportTests(EmbeddedGateway gateway)
{
    public static TheoryData<string> Protocols => ["json", "messagepack"];

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Three_hub_peers_form_the_triangle_and_a_websocket_peer_joins_in(string protocol)
    {
        var room = "hub-" + Guid.NewGuid().ToString("N");
        await using var a = await HubPeer.ConnectAsync(gateway, protocol);
        await using var b = await HubPeer.ConnectAsync(gateway, protocol);
        await using var c = await HubPeer.ConnectAsync(gateway, protocol);
        var ja = await a.JoinAsync(room, "A");
        var jb = await b.JoinAsync(room, "B");
        var jc = await c.JoinAsync(room, "C");
        Assert.Equal([ja, jb], c.RosterAtJoin);

        var peers = new[] { (Peer: a, Id: ja), (Peer: b, Id: jb), (Peer: c, Id: jc) };
        foreach (var (sender, from) in peers)
        {
            foreach (var (_, to) in peers.Where(p => p.Id != from))
            {
                await sender.SignalAsync(to, "offer", new Dictionary<string, object> { ["to"] = to, ["n"] = 1 });
            }
        }

        foreach (var (receiver, self) in peers)
        {
            var first = await receiver.NextAsync("Signal");
            var second = await receiver.NextAsync("Signal");
            Assert.Equal(self, first.GetProperty("data").GetProperty("to").GetString());
            Assert.Equal(self, second.GetProperty("data").GetProperty("to").GetString());
            Assert.Equal(peers.Select(p => p.Id).Where(id => id != self).Order(),
                new[] { first.GetProperty("from").GetString(), second.GetProperty("from").GetString() }.Order());
        }

        // A /ws client in the same room talks to a hub client: both transports share one session core.
        await using var ws = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var jw = await ws.JoinAsync(room, "W");
        await ws.SignalAsync(ja, "answer", """{"sdp":"v=0","n":2}""");
        var atA = await a.NextAsync("Signal", skip: "PeerJoined");
        Assert.Equal(jw.PeerId, atA.GetProperty("from").GetString());
        Assert.Equal(2, atA.GetProperty("data").GetProperty("n").GetInt32());
        await a.SignalAsync(jw.PeerId, "answer", new Dictionary<string, object> { ["sdp"] = "x" });
        var atWs = await ws.NextAsync("signal");
        Assert.Equal("""{"sdp":"x"}""", atWs.GetProperty("data").GetRawText());
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Hub_errors_carry_the_protocol_code_and_the_connection_keeps_working(string protocol)
    {
        var room = "hub-bad-" + Guid.NewGuid().ToString("N");
        await using var a = await HubPeer.ConnectAsync(gateway, protocol);
        await using var b = await HubPeer.ConnectAsync(gateway, protocol);

        Assert.StartsWith("not-joined: ", await ErrorAsync(() => a.SignalAsync("AAAAAAAAAAAAAAAAAAAAAA", "offer", 1)));
        Assert.StartsWith("invalid-room: ", await ErrorAsync(() => a.InvokeAsync("Join", new Dictionary<string, object> { ["room"] = "a b" })));
        Assert.StartsWith("invalid-message: ", await ErrorAsync(() => a.InvokeAsync("Join", new Dictionary<string, object> { ["name"] = "x" })));
        var ja = await a.JoinAsync(room, "A");
        var jb = await b.JoinAsync(room, "B");
        Assert.StartsWith("already-joined: ", await ErrorAsync(() => a.JoinAsync(room, "A")));
        Assert.StartsWith("too-large: ", await ErrorAsync(() => a.SignalAsync(jb, "offer", new string('x', 70 * 1024))));
        Assert.StartsWith("unknown-peer: ", await ErrorAsync(() => a.SignalAsync("AAAAAAAAAAAAAAAAAAAAAA", "offer", 1)));
        Assert.StartsWith("invalid-message: ", await ErrorAsync(() => a.SignalAsync(jb, "sonar", 1)));

        await a.InvokeAsync("Ping", new Dictionary<string, object>());
        await a.SignalAsync(jb, "offer", 3);
        var signal = await b.NextAsync("Signal");
        Assert.Equal(ja, signal.GetProperty("from").GetString());
        Assert.Equal(3, signal.GetProperty("data").GetInt32());
    }

    private static async Task<string> ErrorAsync(Func<Task> call) => (await Assert.ThrowsAsync<HubException>(call)).Message;
}
