using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;

namespace MeshCall.Gateway.Tests.Abuse;

/// <summary>What only a raw socket can send (binary, truncated, oversized, cut off), the hub's own edges, and origins.</summary>
public static class FrameCases
{
    public static IEnumerable<AbuseCase> All =>
    [
        Raw("a binary frame", Encoding.UTF8.GetBytes("""{"op":"ping"}"""), "invalid-message", WebSocketMessageType.Binary),
        Raw("a truncated frame", Encoding.UTF8.GetBytes("""{"op":"join","room":"r1"""), "invalid-message"),
        Raw("a JSON array", Encoding.UTF8.GetBytes("[1,2,3]"), "invalid-message"),
        Raw("a JSON string", Encoding.UTF8.GetBytes("\"join\""), "invalid-message"),
        Raw("an empty frame", [], "invalid-message"),
        new("invalid UTF-8 in a text frame fails the connection (1007), as RFC 6455 requires", InvalidUtf8Async, "ws"),
        Raw("nesting 10,000 deep", Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000)), "invalid-message"),
        Raw("an unknown op", Encoding.UTF8.GetBytes("""{"op":"teleport","id":1}"""), "invalid-message"),
        Raw("an op given as a number", Encoding.UTF8.GetBytes("""{"op":7}"""), "invalid-message"),
        Raw("an id given as an object", Encoding.UTF8.GetBytes("""{"op":"ping","id":{"a":1}}"""), "invalid-message"),
        Raw("a 200-character id", Encoding.UTF8.GetBytes($$"""{"op":"ping","id":"{{new string('i', 200)}}"}"""), "invalid-message"),
        new("a 10 MB frame closes only that socket (1009)", TenMegabytesAsync, "ws"),
        new("a flood of unreadable frames is rate-limited and then closed", GarbageFloodAsync, "ws"),
        new("a frame cut off by an abrupt disconnect", CutOffAsync, "ws"),
        new("a hub argument that is not an object", HubNotAnObjectAsync, "hub"),
        new("a hub message over the size limit closes only that connection", HubOversizedAsync, "hub"),
        new("a hub method that does not exist", HubUnknownMethodAsync, "hub"),
        new("an origin not allowed is refused on the upgrade (403)", ForeignOriginAsync, AbuseCase.Both),
        new("an allowed origin and no origin are admitted", AllowedOriginAsync, AbuseCase.Both),
    ];

    private static AbuseCase Raw(string name, byte[] frame, string code, WebSocketMessageType type = WebSocketMessageType.Text) =>
        new(name, async (gateway, _) =>
        {
            await using var probe = await WebSocketProbe.ConnectAsync(gateway.WebSocket);
            Assert.Equal(code, await probe.RawCodeAsync(frame, type));
            Assert.Equal("ok", await probe.CodeAsync("ping"));
        }, "ws");

    private static async Task GarbageFloodAsync(AbuseGateway gateway, string _)
    {
        await using var probe = await WebSocketProbe.ConnectAsync(gateway.WebSocket);
        var codes = await Task.WhenAll(Enumerable.Range(0, 500).Select(async i =>
        {
            try
            {
                return await probe.RawCodeAsync(Encoding.UTF8.GetBytes($"garbage {i}"));
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                return "closed";
            }
        }));

        Assert.Contains("invalid-message", codes);
        Assert.Contains("rate-limited", codes);
        await probe.Closed.WaitAsync(Probe.Timeout);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, probe.CloseStatus);
    }

    private static async Task InvalidUtf8Async(AbuseGateway gateway, string _)
    {
        await using var probe = await WebSocketProbe.ConnectAsync(gateway.WebSocket);
        await probe.SendAsync([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d], WebSocketMessageType.Text, endOfMessage: true);
        await probe.Closed.WaitAsync(Probe.Timeout);
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, probe.CloseStatus);
    }

    private static async Task TenMegabytesAsync(AbuseGateway gateway, string _)
    {
        await using var probe = await WebSocketProbe.ConnectAsync(gateway.WebSocket);
        var chunk = Encoding.UTF8.GetBytes(new string('x', 64 * 1024));
        try
        {
            await probe.SendAsync(Encoding.UTF8.GetBytes("{\"op\":\"ping\",\"pad\":\""), WebSocketMessageType.Text, endOfMessage: false);
            for (var sent = 0; sent < 10 * 1024 * 1024; sent += chunk.Length)
            {
                await probe.SendAsync(chunk, WebSocketMessageType.Text, endOfMessage: false);
            }
        }
        catch (WebSocketException)
        {
            // The server stopped reading and closed while the rest was on its way.
        }

        await probe.Closed.WaitAsync(Probe.Timeout);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, probe.CloseStatus);
    }

    private static async Task CutOffAsync(AbuseGateway gateway, string _)
    {
        var probe = await WebSocketProbe.ConnectAsync(gateway.WebSocket);
        await probe.JoinAsync("cut-" + Guid.NewGuid().ToString("N"), PreJoinCases.Grant("*"));
        await probe.SendAsync(Encoding.UTF8.GetBytes("""{"op":"signal","to":"AAAA"""), WebSocketMessageType.Text, endOfMessage: false);
        probe.Abort();
        await probe.DisposeAsync();
    }

    private static async Task HubNotAnObjectAsync(AbuseGateway gateway, string _)
    {
        await using var probe = await HubProbe.ConnectAsync(gateway.Hub);
        Assert.Equal("invalid-message", await probe.RawCodeAsync("Join", "just a string"));
        Assert.Equal("invalid-message", await probe.RawCodeAsync("Ping", 42));
        Assert.Equal("ok", await probe.CodeAsync("ping"));
    }

    private static async Task HubOversizedAsync(AbuseGateway gateway, string _)
    {
        await using var probe = await HubProbe.ConnectAsync(gateway.Hub);
        var huge = new Dictionary<string, object> { ["room"] = "r1", ["pad"] = new string('x', 2 * 1024 * 1024) };
        var invocation = probe.RawCodeAsync("Join", huge);
        await probe.Closed.WaitAsync(Probe.Timeout);
        Assert.NotEqual("ok", await invocation.ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "closed", TaskScheduler.Default));
    }

    private static async Task HubUnknownMethodAsync(AbuseGateway gateway, string _)
    {
        await using var probe = await HubProbe.ConnectAsync(gateway.Hub);
        Assert.Equal("invalid-message", await probe.RawCodeAsync("Teleport", new { }));
        Assert.Equal("ok", await probe.CodeAsync("ping"));
    }

    private static async Task ForeignOriginAsync(AbuseGateway gateway, string transport)
    {
        if (transport == "ws")
        {
            using var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Origin", "https://attacker.example");
            socket.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(gateway.WebSocket, CancellationToken.None));
            Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
            return;
        }

        var hub = new HubConnectionBuilder().WithUrl(gateway.Hub, o => o.Headers["Origin"] = "https://attacker.example").Build();
        await using (hub)
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
    }

    private static async Task AllowedOriginAsync(AbuseGateway gateway, string transport)
    {
        if (transport == "ws")
        {
            using var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Origin", AbuseGateway.AllowedOrigin);
            await socket.ConnectAsync(gateway.WebSocket, CancellationToken.None);
            Assert.Equal(WebSocketState.Open, socket.State);
            return;
        }

        var hub = new HubConnectionBuilder().WithUrl(gateway.Hub, o => o.Headers["Origin"] = AbuseGateway.AllowedOrigin).Build();
        await using (hub)
        {
            await hub.StartAsync();
            Assert.Equal(HubConnectionState.Connected, hub.State);
        }
    }
}
