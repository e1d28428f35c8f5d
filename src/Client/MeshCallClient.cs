using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace MeshCall.Client;

/// <summary>
/// Speaks PROTOCOL.md's WebSocket JSON transport: requests carry an id and are awaited until their reply;
/// everything else the server pushes arrives on the typed events and on <see cref="Events"/>, in order. Events keeps
/// at most <see cref="MeshCallClientOptions.EventCapacity"/> unread messages, dropping the oldest beyond that.
/// </summary>
public sealed partial class MeshCallClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly PendingReplies _pending = new();
    private readonly Channel<MeshEvent> _events;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private int _disposed;
    private Task? _receiving;
    private long _droppedEvents;

    private MeshCallClient(MeshCallClientOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.EventCapacity, 1, nameof(options));
        _events = Channel.CreateBounded<MeshEvent>(
            new BoundedChannelOptions(options.EventCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true },
            _ => Interlocked.Increment(ref _droppedEvents));
    }

    /// <summary>
    /// Every pushed message (events and unsolicited errors), in the order the server sent them; also replies that no
    /// request awaits: a raw frame's, or one that came after its request was cancelled. At most
    /// <see cref="MeshCallClientOptions.EventCapacity"/> wait unread: past that the oldest is dropped (see <see cref="DroppedEvents"/>).
    /// </summary>
    public ChannelReader<MeshEvent> Events => _events.Reader;

    /// <summary>Messages dropped from <see cref="Events"/> unread because it was full (the typed events had them all).</summary>
    public long DroppedEvents => Interlocked.Read(ref _droppedEvents);

    public string? PeerId { get; private set; }

    public WebSocketState State => _socket.State;

    public static Task<MeshCallClient> ConnectAsync(Uri uri, CancellationToken cancellation = default) =>
        ConnectAsync(uri, new MeshCallClientOptions(), cancellation);

    public static async Task<MeshCallClient> ConnectAsync(Uri uri, MeshCallClientOptions options, CancellationToken cancellation = default)
    {
        var client = new MeshCallClient(options);
        await client._socket.ConnectAsync(uri, cancellation);
        client._receiving = client.ReceiveLoopAsync();
        return client;
    }

    /// <param name="lastSeq">With <paramref name="resumeToken"/>: the <c>seq</c> of the last event seen, so only what came after is replayed.</param>
    public async Task<JoinedRoom> JoinAsync(string room, string? name = null, string? resumeToken = null, string? token = null, long? lastSeq = null)
    {
        var reply = await RequestAsync(new Dictionary<string, object?>
        {
            ["op"] = "join", ["room"] = room, ["name"] = name, ["resume"] = resumeToken, ["token"] = token, ["lastSeq"] = lastSeq,
        });
        var peers = reply.GetProperty("peers").EnumerateArray().Select(RemotePeer.Read).ToList();
        PeerId = reply.GetProperty("peerId").GetString();
        return new JoinedRoom(reply.GetProperty("room").GetString()!, PeerId!, reply.GetProperty("resumeToken").GetString()!, peers,
            reply.GetProperty("maxPeers").GetInt32(), reply.GetProperty("iceServers"));
    }

    /// <summary>Sends <paramref name="dataJson"/> (any JSON value, as text) to one member of the room.</summary>
    /// <param name="msgId">This sender's number for the signal: a retry with the same number is delivered once.</param>
    public Task SignalAsync(string to, string type, string dataJson, long? msgId = null, CancellationToken cancellation = default) =>
        RequestAsync(new Dictionary<string, object?> { ["op"] = "signal", ["to"] = to, ["type"] = type, ["data"] = Raw(dataJson), ["msgId"] = msgId }, cancellation);

    /// <summary>Sends <paramref name="dataJson"/> (any JSON value, as text) to every other member of the room.</summary>
    public Task BroadcastAsync(string dataJson, CancellationToken cancellation = default) =>
        RequestAsync(new Dictionary<string, object?> { ["op"] = "broadcast", ["data"] = Raw(dataJson) }, cancellation);

    public Task PingAsync() => RequestAsync(new Dictionary<string, object?> { ["op"] = "ping" });

    /// <summary>Reports this client's view of its connections (PROTOCOL.md <c>stats</c>); none by default.</summary>
    public Task StatsAsync(string peersJson = "[]") =>
        RequestAsync(new Dictionary<string, object?> { ["op"] = "stats", ["peers"] = Raw(peersJson) });

    /// <summary>
    /// Tells the server every event up to and including <paramref name="seq"/> has been handled, so it need not keep
    /// them for a resume (PROTOCOL.md <c>ack</c>). It is never answered, so this returns once it is sent; send it
    /// sparingly (<see cref="MeshCallSession"/> sends at most one per 250 ms), as it spends the request budget. It
    /// carries the <c>id</c> <c>"ack"</c>: a server older than acks answers it <c>invalid-message</c>, and that
    /// answer arrives on <see cref="Events"/> as a reply nobody awaited, told apart by its id.
    /// </summary>
    public Task AckAsync(long seq, CancellationToken cancellation = default) =>
        SendTextAsync($$"""{"op":"ack","id":"ack","seq":{{seq}}}""", cancellation);

    /// <summary>Leaves the room; the server then closes the connection.</summary>
    public Task LeaveAsync() => RequestAsync(new Dictionary<string, object?> { ["op"] = "leave" });

    /// <summary>Sends a request object (without <c>id</c>, which is added) and returns the reply; throws <see cref="MeshCallException"/> on an error reply.</summary>
    public async Task<JsonElement> RequestAsync(IDictionary<string, object?> request, CancellationToken cancellation = default)
    {
        var (id, reply) = _pending.Add(cancellation);
        request["id"] = id;
        try
        {
            if (_receiving is { IsCompleted: true })
            {
                throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "connection closed");
            }

            var body = request.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value);
            await SendTextAsync(JsonSerializer.Serialize(body), cancellation);
            return await reply;
        }
        finally
        {
            _pending.Forget(id);
        }
    }

    /// <summary>Sends one text frame as it is: for tools and tests that speak the protocol by hand.</summary>
    public async Task SendTextAsync(string frame, CancellationToken cancellation = default)
    {
        await _sendLock.WaitAsync(cancellation);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, cancellation);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Waits for the server to close the connection; returns the close status it gave.</summary>
    public async Task<WebSocketCloseStatus?> WaitForCloseAsync()
    {
        if (_receiving is not null)
        {
            await _receiving;
        }

        return _socket.CloseStatus;
    }

    public async ValueTask DisposeAsync()
    {
        // A session may drop a client its pump is also dropping: the second call must find nothing to do.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // Closing is best effort: the server treats a vanished client as dropped.
            }
        }

        await _stop.CancelAsync();
        if (_receiving is not null)
        {
            await _receiving;
        }

        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private static RawValue Raw(string json) => new(json);

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                message.SetLength(0);
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(), _stop.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                try
                {
                    using var document = JsonDocument.Parse(message.ToArray());
                    Dispatch(document.RootElement.Clone());
                }
                catch (JsonException)
                {
                    // Not a protocol message: nothing to route it to.
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The connection is gone; pending requests fail below.
        }
        finally
        {
            _pending.FailAll();

            _events.Writer.TryComplete();
        }
    }

    private void Dispatch(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("op", out var opElement) || opElement.GetString() is not { } op)
        {
            return;
        }

        if (_pending.TryComplete(op, message))
        {
            return;
        }

        _events.Writer.TryWrite(new MeshEvent(op, message));
        try
        {
            RaiseTypedEvent(op, message);
        }
        catch (Exception error)
        {
            // The application's handler failed, not the connection: the messages after this one still count.
            ReportHandlerFailure(error);
        }
    }
}
