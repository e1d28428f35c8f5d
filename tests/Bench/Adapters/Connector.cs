using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace MeshCall.Bench.Adapters;

/// <summary>
/// Opens WebSockets from a chosen loopback source address (127.0.0.x), so the density scenario is not held to one
/// address's ephemeral ports. Every adapter, SignalR ones included, connects through it.
/// </summary>
public static class Connector
{
    private static readonly ConcurrentDictionary<IPAddress, HttpMessageInvoker> Invokers = new();

    public static async Task<ClientWebSocket> OpenAsync(Uri uri, IPAddress source, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        try
        {
            if (uri.Scheme is "http" or "https")
            {
                uri = new UriBuilder(uri) { Scheme = uri.Scheme == "http" ? "ws" : "wss", Port = uri.Port }.Uri;
            }

            await socket.ConnectAsync(uri, Invokers.GetOrAdd(source, Create), cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The source addresses a run spreads its clients over: 127.0.0.2, .3, … (.1 is the servers').</summary>
    public static IPAddress Source(int client, int sources) => new([127, 0, 0, (byte)(2 + (client % Math.Max(1, sources)))]);

    private static HttpMessageInvoker Create(IPAddress source) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    });
}
