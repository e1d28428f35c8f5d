using MeshCall.Client;

namespace MeshCall.Gateway.Tests;

/// <summary>The seed's A/B/C triangle over <c>/ws</c>: every signal reaches only its addressee, stamped with its sender.</summary>
[Collection(GatewayCollection.Name)]
public sealed class WebSocketTriangleTests(EmbeddedGateway gateway)
{
    [Fact]
    public async Task Each_of_three_peers_receives_exactly_the_signals_addressed_to_it()
    {
        var room = "tri-" + Guid.NewGuid().ToString("N");
        await using var a = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await using var b = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await using var c = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await using var outsider = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var ja = await a.JoinAsync(room, "A");
        var jb = await b.JoinAsync(room, "B");
        var jc = await c.JoinAsync(room, "C");
        var jo = await outsider.JoinAsync("other-" + room, "O");

        Assert.Equal([ja.PeerId, jb.PeerId], jc.Peers.Select(p => p.PeerId));
        Assert.Equal(string.CompareOrdinal(jc.PeerId, ja.PeerId) < 0, jc.Peers[0].Polite);
        Assert.Equal(jb.PeerId, (await a.NextAsync("peer-joined")).GetProperty("peerId").GetString());
        Assert.Equal(jc.PeerId, (await a.NextAsync("peer-joined")).GetProperty("peerId").GetString());
        var bSeesC = await b.NextAsync("peer-joined");
        Assert.Equal(string.CompareOrdinal(jb.PeerId, jc.PeerId) < 0, bSeesC.GetProperty("polite").GetBoolean());

        var peers = new[] { (Client: a, Joined: ja), (Client: b, Joined: jb), (Client: c, Joined: jc) };
        foreach (var (sender, joined) in peers)
        {
            foreach (var (_, other) in peers.Where(p => p.Joined != joined))
            {
                // A client cannot name the sender: the "from" it puts in data is just data.
                await sender.SignalAsync(other.PeerId, "offer", $$"""{"from":"spoofed","to":"{{other.PeerId}}","sdp":"v=0"}""");
            }
        }

        foreach (var (receiver, joined) in peers)
        {
            var senders = new List<string>();
            for (var i = 0; i < 2; i++)
            {
                var signal = await receiver.NextAsync("signal");
                Assert.Equal("offer", signal.GetProperty("type").GetString());
                Assert.Equal(joined.PeerId, signal.GetProperty("data").GetProperty("to").GetString());
                senders.Add(signal.GetProperty("from").GetString()!);
            }

            Assert.Equal(peers.Select(p => p.Joined.PeerId).Where(id => id != joined.PeerId).Order(), senders.Order());
        }

        // The outsider heard nothing of the triangle: its first event is its own room-mate arriving.
        await using var mate = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var jm = await mate.JoinAsync("other-" + room, "M");
        Assert.Equal(jm.PeerId, (await outsider.NextAsync("peer-joined")).GetProperty("peerId").GetString());
        Assert.Equal("unknown-peer", await Wait.ErrorCodeAsync(() => outsider.SignalAsync(ja.PeerId, "offer", "{}")));
        Assert.NotEqual(jo.PeerId, ja.PeerId);
    }

    [Fact]
    public async Task Data_is_relayed_byte_for_byte_and_signals_keep_their_order()
    {
        var room = "order-" + Guid.NewGuid().ToString("N");
        await using var a = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await using var b = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await a.JoinAsync(room);
        var jb = await b.JoinAsync(room);
        await a.NextAsync("peer-joined");

        const string odd = """{ "sdp" : "v=0\r\na=x", "n":1.50, "u":"\u00e9\ud83d\ude00", "list":[ 1 ,2] }""";
        await a.SignalAsync(jb.PeerId, "custom", odd);
        Assert.Equal(odd, (await b.NextAsync("signal")).GetProperty("data").GetRawText());

        for (var i = 0; i < 200; i++)
        {
            await a.SignalAsync(jb.PeerId, "candidate", i.ToString());
        }

        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(i, (await b.NextAsync("signal")).GetProperty("data").GetInt32());
        }
    }

    [Fact]
    public async Task Broadcast_reaches_the_others_and_leave_tells_them_and_closes_the_socket()
    {
        var room = "bye-" + Guid.NewGuid().ToString("N");
        await using var a = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        await using var b = await MeshCallClient.ConnectAsync(gateway.WebSocket);
        var ja = await a.JoinAsync(room, "A");
        var jb = await b.JoinAsync(room, "B");
        await a.NextAsync("peer-joined");

        await a.BroadcastAsync("""{"chat":"hello"}""");
        var broadcast = await b.NextAsync("broadcast");
        Assert.Equal(ja.PeerId, broadcast.GetProperty("from").GetString());
        Assert.Equal("hello", broadcast.GetProperty("data").GetProperty("chat").GetString());

        await b.LeaveAsync();
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, await b.WaitForCloseAsync());
        var left = await a.NextAsync("peer-left");
        Assert.Equal(jb.PeerId, left.GetProperty("peerId").GetString());
        Assert.Equal("left", left.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task The_ninth_peer_of_a_room_is_refused_with_room_full()
    {
        var room = "full-" + Guid.NewGuid().ToString("N");
        var clients = new List<MeshCallClient>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var client = await MeshCallClient.ConnectAsync(gateway.WebSocket);
                clients.Add(client);
                Assert.Equal(8, (await client.JoinAsync(room, $"p{i}")).MaxPeers);
            }

            var late = await MeshCallClient.ConnectAsync(gateway.WebSocket);
            clients.Add(late);
            Assert.Equal("room-full", await Wait.ErrorCodeAsync(() => late.JoinAsync(room)));
            await late.PingAsync();
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }
}
