using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MeshCall.Gateway.Tests.Abuse;

namespace MeshCall.Gateway.Tests.Backpressure;

/// <summary>A member that joins, then stops reading until told, then reads everything until the server closes it.</summary>
public abstract class SlowMember : IAsyncDisposable
{
    public List<JsonElement> Received { get; } = [];

    public long BytesReceived { get; protected set; }

    public abstract Task<(string PeerId, string ResumeToken)> JoinAndStallAsync(string room, string? token = null);

    protected static string JoinFields(string room, string? token) =>
        $$"""{"room":"{{room}}","name":"slow"{{(token is null ? string.Empty : $",\"token\":\"{token}\"")}}}""";

    /// <summary>Reads again; completes once the server has closed the connection. True if it closed with 1008 / aborted the hub.</summary>
    public abstract Task<bool> ReadUntilClosedAsync();

    public long LastSeq => Received.Count == 0 ? 0 : Received[^1].GetProperty("seq").GetInt64();

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// Sockets with a fixed small receive buffer: left to itself, loopback TCP grows a reader's buffer to tens of MiB,
    /// which would hide from the server that its client stopped reading.
    /// </summary>
    private static HttpMessageInvoker SmallReceiveBuffer() => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellation) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 16 * 1024, NoDelay = true };
            await socket.ConnectAsync(context.DnsEndPoint, cancellation);
            return new NetworkStream(socket, ownsSocket: true);
        },
    });

    public static SlowMember Create(string transport, EmbeddedGateway gateway) =>
        transport == "ws" ? new StalledSocket(gateway.WebSocket) : new StalledHub(gateway.Hub);

    /// <summary>A raw socket with a small receive buffer that simply stops calling receive.</summary>
    private sealed class StalledSocket(Uri uri) : SlowMember
    {
        private readonly ClientWebSocket _socket = new();

        public override async Task<(string, string)> JoinAndStallAsync(string room, string? token = null)
        {
            await _socket.ConnectAsync(uri, SmallReceiveBuffer(), CancellationToken.None);
            await _socket.SendAsync(Encoding.UTF8.GetBytes("""{"op":"join",""" + JoinFields(room, token)[1..]), WebSocketMessageType.Text, true, CancellationToken.None);
            var joined = (await NextFrameAsync())!.Value;
            return (joined.GetProperty("peerId").GetString()!, joined.GetProperty("resumeToken").GetString()!);
        }

        public override async Task<bool> ReadUntilClosedAsync()
        {
            try
            {
                while (await NextFrameAsync() is { } frame)
                {
                    Received.Add(frame);
                }
            }
            catch (WebSocketException)
            {
                return false;
            }

            return _socket.CloseStatus == WebSocketCloseStatus.PolicyViolation;
        }

        private async Task<JsonElement?> NextFrameAsync()
        {
            var buffer = new byte[64 * 1024];
            using var message = new MemoryStream();
            while (true)
            {
                using var timeout = new CancellationTokenSource(Probe.Timeout);
                var result = await _socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                BytesReceived += result.Count;
                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                }
            }
        }

        public override ValueTask DisposeAsync()
        {
            _socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// A SignalR client (JSON hub protocol, spoken over a raw socket so nothing reads ahead for it) that stops
    /// reading after its <c>Join</c>.
    /// </summary>
    private sealed class StalledHub(Uri hub) : SlowMember
    {
        private const char RecordSeparator = '\u001e';
        private readonly ClientWebSocket _socket = new();
        private readonly Queue<JsonElement> _messages = new();

        public override async Task<(string, string)> JoinAndStallAsync(string room, string? token = null)
        {
            await _socket.ConnectAsync(new Uri($"ws://{hub.Authority}{hub.AbsolutePath}"), SmallReceiveBuffer(), CancellationToken.None);
            await SendAsync("""{"protocol":"json","version":1}""");
            await NextMessageAsync();
            await SendAsync($$"""{"type":1,"invocationId":"1","target":"Join","arguments":[{{JoinFields(room, token)}}]}""");
            while (await NextMessageAsync() is { } message)
            {
                if (message.TryGetProperty("invocationId", out var id) && id.GetString() == "1")
                {
                    var joined = message.GetProperty("result");
                    return (joined.GetProperty("peerId").GetString()!, joined.GetProperty("resumeToken").GetString()!);
                }
            }

            throw new InvalidOperationException("closed before joining");
        }

        /// <summary>True once the server has dropped the connection (SignalR has no close code to look at).</summary>
        public override async Task<bool> ReadUntilClosedAsync()
        {
            try
            {
                while (await NextMessageAsync() is { } message)
                {
                    if (message.TryGetProperty("target", out var target) && target.GetString() == "Broadcast")
                    {
                        Received.Add(message.GetProperty("arguments")[0]);
                    }
                }
            }
            catch (WebSocketException)
            {
                // Aborted by the server.
            }

            return true;
        }

        private Task SendAsync(string message) =>
            _socket.SendAsync(Encoding.UTF8.GetBytes(message + RecordSeparator), WebSocketMessageType.Text, true, CancellationToken.None);

        private async Task<JsonElement?> NextMessageAsync()
        {
            var buffer = new byte[64 * 1024];
            using var frame = new MemoryStream();
            while (_messages.Count == 0)
            {
                using var timeout = new CancellationTokenSource(Probe.Timeout);
                var result = await _socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                BytesReceived += result.Count;
                frame.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    foreach (var record in Encoding.UTF8.GetString(frame.ToArray()).Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries))
                    {
                        _messages.Enqueue(JsonDocument.Parse(record).RootElement.Clone());
                    }

                    frame.SetLength(0);
                }
            }

            return _messages.Dequeue();
        }

        public override ValueTask DisposeAsync()
        {
            _socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
