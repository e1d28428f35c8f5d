using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace MeshCall.Gateway.Tests.Abuse;

/// <summary>A raw <c>/ws</c> connection: also sends what no client library would (binary, truncated, huge, cut off).</summary>
public sealed class WebSocketProbe : Probe
{
    private readonly ClientWebSocket _socket = new();
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<TaskCompletionSource<JsonElement>> _unnumbered = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _send = new(1, 1);
    private int _nextId;
    private Exception? _receiveError;

    public override string Transport => "ws";

    public override Task Closed => _closed.Task;

    public override bool HasEvent => _events.Reader.TryPeek(out _);

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>How the connection ended, for failure messages.</summary>
    public override string Ending => $"{_socket.CloseStatus} {_socket.CloseStatusDescription} {_receiveError?.GetType().Name} {_receiveError?.Message}";

    public static async Task<WebSocketProbe> ConnectAsync(Uri uri)
    {
        var probe = new WebSocketProbe();
        await probe._socket.ConnectAsync(uri, CancellationToken.None);
        _ = probe.ReceiveAsync();
        return probe;
    }

    public override async Task<JsonElement> RequestAsync(string op, string body = "{}")
    {
        var id = $"p{Interlocked.Increment(ref _nextId)}";
        var reply = Await(_pending.GetOrAdd(id, _ => NewReply()));
        var fields = body.Trim()[1..^1].Trim();
        await SendTextAsync($$"""{"op":{{JsonSerializer.Serialize(op)}},"id":"{{id}}"{{(fields.Length > 0 ? "," + fields : string.Empty)}}}""");
        return Reply(await reply);
    }

    /// <summary>Sends a frame as it is and returns the reply to it (a frame no id can be found in gets its error without one).</summary>
    public async Task<string> RawCodeAsync(byte[] frame, WebSocketMessageType type = WebSocketMessageType.Text)
    {
        var waiter = NewReply();
        _unnumbered.Enqueue(waiter);
        await SendAsync(frame, type, endOfMessage: true);
        var reply = await Await(waiter);
        return reply.GetProperty("op").GetString() == "error" ? reply.GetProperty("code").GetString()! : "ok";
    }

    public Task SendTextAsync(string frame) => SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, endOfMessage: true);

    public async Task SendAsync(byte[] frame, WebSocketMessageType type, bool endOfMessage)
    {
        await _send.WaitAsync();
        try
        {
            await _socket.SendAsync(frame, type, endOfMessage, CancellationToken.None);
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>Drops the TCP connection without a close handshake.</summary>
    public void Abort() => _socket.Abort();

    public override async Task<(string Op, JsonElement Body)> NextEventAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var next = await _events.Reader.ReadAsync(timeout.Token);
        return (next.GetProperty("op").GetString()!, next);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The server may have closed first.
            }
        }

        _socket.Dispose();
        _send.Dispose();
    }

    private static JsonElement Reply(JsonElement reply) =>
        reply.GetProperty("op").GetString() == "error" ? throw new ProbeException(reply.GetProperty("code").GetString()!) : reply;

    private static TaskCompletionSource<JsonElement> NewReply() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The reply, or the close (as a <see cref="WebSocketException"/>) if the server closes first.</summary>
    private async Task<JsonElement> Await(TaskCompletionSource<JsonElement> reply)
    {
        await Task.WhenAny(reply.Task, _closed.Task).WaitAsync(Timeout);

        // A reply that came before the close counts, whichever continuation ran first.
        return reply.Task.IsCompleted ? await reply.Task : throw new WebSocketException("closed by the server");
    }

    /// <summary>
    /// Replies go to their request by id. A reply the server could not give an id (the frame was unreadable) or
    /// whose id the probe did not choose goes to the oldest raw frame, else to the oldest request. The rest are events.
    /// </summary>
    private void Route(JsonElement message)
    {
        if (message.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && _pending.TryRemove(id.GetString()!, out var reply))
        {
            reply.TrySetResult(message);
            return;
        }

        var isReply = !message.TryGetProperty("seq", out _) && message.GetProperty("op").GetString() is "error" or "ok" or "pong" or "joined";
        if (isReply && _unnumbered.TryDequeue(out var raw))
        {
            raw.TrySetResult(message);
        }
        else if (isReply && _pending.Keys.OrderBy(k => int.Parse(k[1..], System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault() is { } oldest
            && _pending.TryRemove(oldest, out var waiting))
        {
            waiting.TrySetResult(message);
        }
        else
        {
            _events.Writer.TryWrite(message);
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    Route(JsonDocument.Parse(message.ToArray()).RootElement.Clone());
                    message.SetLength(0);
                }
            }
        }
        catch (Exception ex)
        {
            // Closed or aborted; kept for failure messages.
            _receiveError = ex;
        }
        finally
        {
            _closed.TrySetResult();
            _events.Writer.TryComplete();
        }
    }
}
