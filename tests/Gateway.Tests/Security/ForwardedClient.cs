using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace MeshCall.Gateway.Tests.Security;

/// <summary>A raw <c>/ws</c> client that connects from a chosen loopback address and may claim another in <c>X-Forwarded-For</c>.</summary>
internal sealed class ForwardedClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    public static async Task<ForwardedClient> ConnectAsync(Uri uri, string from, string? forwardedFor)
    {
        var client = new ForwardedClient();
        if (forwardedFor is not null)
        {
            client._socket.Options.SetRequestHeader("X-Forwarded-For", forwardedFor);
        }

        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellation) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellation);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        await client._socket.ConnectAsync(uri, new HttpMessageInvoker(handler), CancellationToken.None);
        return client;
    }

    /// <summary>Sends one request; its reply.</summary>
    public async Task<JsonElement> RequestAsync(object request)
    {
        await _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(request), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[16 * 1024];
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        var received = await _socket.ReceiveAsync(buffer, timeout.Token);
        return JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, received.Count)).RootElement.Clone();
    }

    /// <summary>The reply's error code, or its op when it is not an error.</summary>
    public async Task<string> JoinAsync(string room, string? resume = null)
    {
        var reply = await RequestAsync(new { op = "join", room, resume });
        return reply.GetProperty("op").GetString() == "error" ? reply.GetProperty("code").GetString()! : reply.GetProperty("op").GetString()!;
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
