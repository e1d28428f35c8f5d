using System.Net.WebSockets;
using System.Text;
using MeshCall.Client;

namespace MeshCall.Gateway.Tests.Security;

/// <summary>A join whose connection ends before the reply gives back everything it took: the gateway's room quota above all.</summary>
public sealed class RoomQuotaTests(QuotaGateway gateway) : IClassFixture<QuotaGateway>
{
    private const int Dropped = 40;

    [Theory]
    [InlineData("hub")]
    [InlineData("ws")]
    public async Task Joins_dropped_before_their_reply_leave_the_room_quota_whole(string transport)
    {
        for (var i = 0; i < Dropped; i++)
        {
            await JoinAndDropAsync(transport, "dropped-" + Guid.NewGuid().ToString("N"));
        }

        // Dropped joins may still be finishing: the quota must come back whole, with all three rooms held at once.
        var holders = new List<MeshCallClient>();
        try
        {
            using var deadline = new CancellationTokenSource(Wait.Timeout);
            while (holders.Count < QuotaGateway.MaxRooms)
            {
                deadline.Token.ThrowIfCancellationRequested();
                var client = await MeshCallClient.ConnectAsync(gateway.WebSocket);
                try
                {
                    await client.JoinAsync("held-" + Guid.NewGuid().ToString("N"));
                    holders.Add(client);
                }
                catch (MeshCallException error) when (error.Code == "unavailable")
                {
                    await client.DisposeAsync();
                    await Task.Yield();
                }
            }
        }
        finally
        {
            await Task.WhenAll(holders.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    /// <summary>Sends a join on a raw socket and drops the connection at once, before any reply can come.</summary>
    private async Task JoinAndDropAsync(string transport, string room)
    {
        using var socket = new ClientWebSocket();
        if (transport == "ws")
        {
            await socket.ConnectAsync(gateway.WebSocket, CancellationToken.None);
            await SendAsync(socket, $$"""{"op":"join","room":"{{room}}"}""");
        }
        else
        {
            await socket.ConnectAsync(new Uri($"ws://{gateway.Http.Authority}/hubs/mesh"), CancellationToken.None);
            await SendAsync(socket, """{"protocol":"json","version":1}""" + '\u001e');
            await SendAsync(socket, $$"""{"type":1,"invocationId":"1","target":"Join","arguments":[{"room":"{{room}}"}]}""" + '\u001e');
        }

        socket.Abort();
    }

    private static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
}
