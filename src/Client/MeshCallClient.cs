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
}
