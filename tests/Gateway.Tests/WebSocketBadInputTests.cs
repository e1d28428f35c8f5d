using System.Net.WebSockets;
using System.Text.Json;
using MeshCall.Client;

namespace MeshCall.Gateway.Tests;

/// <summary>Every bad request gets its error code, and the connection and session carry on as before.</summary>
[Collection(GatewayCollection.Name)]
public sealed class WebSocketBadInputTests(EmbeddedGateway gateway)
{
    [Theory]
    [InlineData("not json", "invalid-message")]
    [InlineData("[1,2,3]", "invalid-message")]
    [InlineData("{\"op\":\"join\",\"room\":\"r1\"", "invalid-message")]
    [InlineData("""{"id":1}""", "invalid-message")]
    [InlineData("""{"op":"teleport","id":1}""", "invalid-message")]
    [InlineData("""{"op":"join","id":1}""", "invalid-message")]
    [InlineData("""{"op":"join","id":1,"room":7}""", "invalid-message")]
    [InlineData("""{"op":"join","id":1,"room":"no spaces allowed"}""", "invalid-room")]
    [InlineData("""{"op":"join","id":1,"room":""}""", "invalid-room")]
    [InlineData("""{"op":"join","id":1,"room":"r1","name":{"x":1}}""", "invalid-message")]
    [InlineData("""{"op":"join","id":1,"room":"r1","name":"bell\u0007"}""", "invalid-message")]
    [InlineData("""{"op":"join","id":{"nested":true},"room":"r1"}""", "invalid-message")]
    [InlineData("""{"op":"signal","id":1,"to":"AAAAAAAAAAAAAAAAAAAAAA","type":"offer","data":{}}""", "not-joined")]
    [InlineData("""{"op":"broadcast","id":1,"data":{}}""", "not-joined")]
    [InlineData("""{"op":"leave","id":1}""", "not-joined")]
    [InlineData("""{"op":"stats","id":1,"peers":[]}""", "not-joined")]
    public async Task A_bad_request_before_joining_gets_its_code_and_the_connection_still_works(string frame, string code)
    {
        await using var client = await MeshCallClient.ConnectAsync(gateway.WebSocket);

        await client.SendTextAsync(frame);

        var error = await client.NextAsync("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        if (frame.Contains("\"id\":1"))
        {
            Assert.Equal(1, error.GetProperty("id").GetInt32());
        }

        await client.PingAsync();
        var joined = await client.JoinAsync("after-bad-" + Guid.NewGuid().ToString("N"));
        Assert.NotEmpty(joined.PeerId);
    }

    public static TheoryData<string, string> BadRequestsOfAMember => new()
    {
        { """{"op":"join","room":"elsewhere"}""", "already-joined" },
        { """{"op":"signal","to":"{peer}","type":"offer"}""", "invalid-message" },
        { """{"op":"signal","type":"offer","data":1}""", "invalid-message" },
        { """{"op":"signal","to":"{peer}","type":"telepathy","data":1}""", "invalid-message" },
        { """{"op":"signal","to":"{peer}","type":"offer","data":"{big}"}""", "too-large" },
        { """{"op":"broadcast","data":"{big}"}""", "too-large" },
        { """{"op":"broadcast"}""", "invalid-message" },
        { """{"op":"signal","to":"AAAAAAAAAAAAAAAAAAAAAA","type":"offer","data":1}""", "unknown-peer" },
        { """{"op":"signal","to":"../../etc/passwd","type":"offer","data":1}""", "unknown-peer" },
        { """{"op":"signal","to":"{self}","type":"offer","data":1}""", "unknown-peer" },
        { """{"op":"stats","peers":{"not":"an array"}}""", "invalid-message" },
    };

    [Theory]
    [MemberData(nameof(BadRequestsOfAMember))]
    public async Task A_bad_request_of_a_member_gets_its_code_and_the_session_still_relays(string template, string code)
    {
        var room = "bad-" + Guid.NewGuid().ToString("N");
        await using var a = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await using var b = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var ja = await a.JoinAsync(room, "A");
        var jb = await b.JoinAsync(room, "B");
        await a.NextAsync("peer-joined");

        var frame = template.Replace("{peer}", jb.PeerId).Replace("{self}", ja.PeerId).Replace("{big}", new string('x', 70 * 1024));
        var request = JsonSerializer.Deserialize<Dictionary<string, object?>>(frame)!;
        Assert.Equal(code, await Wait.ErrorCodeAsync(() => a.RequestAsync(request)));

        await a.SignalAsync(jb.PeerId, "offer", """{"still":"working"}""");
        var signal = await b.NextAsync("signal");
        Assert.Equal(ja.PeerId, signal.GetProperty("from").GetString());
        await a.StatsAsync();
    }

    [Fact]
    public async Task A_binary_frame_is_refused_without_closing_the_socket()
    {
        await using var client = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        using var raw = new ClientWebSocket();
        await raw.ConnectAsync(gateway.WebSocket, CancellationToken.None);
        await raw.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, CancellationToken.None);

        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        var received = await raw.ReceiveAsync(buffer, timeout.Token);
        using var error = JsonDocument.Parse(buffer.AsMemory(0, received.Count));
        Assert.Equal("invalid-message", error.RootElement.GetProperty("code").GetString());
        Assert.Equal(WebSocketState.Open, raw.State);
    }

    [Fact]
    public async Task A_frame_over_the_hard_limit_closes_only_that_socket()
    {
        var room = "huge-" + Guid.NewGuid().ToString("N");
        await using var a = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await using var b = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await using var abuser = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await a.JoinAsync(room);
        var jb = await b.JoinAsync(room);
        await a.NextAsync("peer-joined");
        await abuser.JoinAsync("elsewhere-" + room);

        try
        {
            await abuser.SendTextAsync($$"""{"op":"broadcast","data":"{{new string('x', 2 * 1024 * 1024)}}"}""");
        }
        catch (WebSocketException)
        {
            // The server may close before the whole frame is sent: that is the point.
        }

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await abuser.WaitForCloseAsync());
        await a.SignalAsync(jb.PeerId, "offer", "1");
        Assert.Equal(1, (await b.NextAsync("signal")).GetProperty("data").GetInt32());
    }
}
