using System.Threading.Channels;
using MeshCall.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MeshCall.Gateway.Tests;

/// <summary>
/// Valid JSON that MessagePack cannot hold exactly (lone surrogate escapes, numbers beyond 64 bits) reaches a
/// MessagePack member as JavaScript's <c>JSON.parse</c> would make it, and never costs it its connection.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class MessagePackMappingTests(EmbeddedGateway gateway)
{
    [Fact]
    public async Task Odd_but_valid_json_from_a_ws_member_reaches_a_messagepack_member_mapped_and_connected()
    {
        var room = "msgpack-" + Guid.NewGuid().ToString("N");
        await using var sender = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await sender.JoinAsync(room, "sender");
        var signals = Channel.CreateUnbounded<object?>();
        await using var member = new HubConnectionBuilder().WithUrl(gateway.Hub).AddMessagePackProtocol().Build();
        member.On<Dictionary<object, object?>>("Signal", signal => signals.Writer.TryWrite(signal["data"]));
        await member.StartAsync();
        var joined = await member.InvokeAsync<Dictionary<object, object?>>("Join", new Dictionary<string, object> { ["room"] = room, ["name"] = "mp" });
        var to = (string)joined["peerId"]!;

        await sender.SignalAsync(to, "custom", "\"\\ud800\"");
        Assert.Equal("\uFFFD", await signals.Reader.NextAsync());

        await sender.SignalAsync(to, "custom", """{"a":"\udfff\ud800","\ud800":1}""");
        var map = Assert.IsType<Dictionary<object, object?>>(await signals.Reader.NextAsync());
        Assert.Equal("\uFFFD\uFFFD", map["a"]);
        Assert.Equal(1, Convert.ToInt32(map["\uFFFD"]));

        await sender.SignalAsync(to, "custom", "1e400");
        Assert.Equal(double.PositiveInfinity, await signals.Reader.NextAsync());

        await sender.SignalAsync(to, "custom", "123456789012345678901234567890");
        Assert.Equal(1.2345678901234568E+29, await signals.Reader.NextAsync());

        await sender.SignalAsync(to, "custom", "18446744073709551615");
        Assert.Equal(ulong.MaxValue, await signals.Reader.NextAsync());

        // Still connected, and still in order.
        await sender.SignalAsync(to, "custom", """{"after":"odd"}""");
        Assert.Equal("odd", Assert.IsType<Dictionary<object, object?>>(await signals.Reader.NextAsync())["after"]);
        Assert.Equal(HubConnectionState.Connected, member.State);
    }
}
