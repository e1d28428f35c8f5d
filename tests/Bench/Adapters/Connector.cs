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
    /// <summary>
    /// A gated client's receive buffer. Left to itself, loopback TCP grows a reader's buffer to tens of MiB, which
    /// would hide from the server that its client stopped reading.
    /// </summary>
    private const int SmallReceiveBuffer = 16 * 1024;

    private static readonly ConcurrentDictionary<(IPAddress, bool), HttpMessageInvoker> Invokers = new();

    /// <param name="gate">When set, the socket gets a small fixed receive buffer and is read only while the gate is open.</param>
    public static async Task<WebSocket> OpenAsync(Uri uri, IPAddress source, ReadGate? gate, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        try
        {
            if (uri.Scheme is "http" or "https")
            {
                uri = new UriBuilder(uri) { Scheme = uri.Scheme == "http" ? "ws" : "wss", Port = uri.Port }.Uri;
            }

            await socket.ConnectAsync(uri, Invokers.GetOrAdd((source, gate is not null), Create), cancellationToken);
            return gate is null ? socket : new GatedWebSocket(socket, gate);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The source addresses a run spreads its clients over: 127.0.0.2, .3, … (.1 is the servers').</summary>
    public static IPAddress Source(int client, int sources) => new([127, 0, 0, (byte)(2 + (client % Math.Max(1, sources)))]);

    private static HttpMessageInvoker Create((IPAddress Source, bool Small) key) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var (source, small) = key;
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                if (small)
                {
                    socket.ReceiveBufferSize = SmallReceiveBuffer;
                }

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
