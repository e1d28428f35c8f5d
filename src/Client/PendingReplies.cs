using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;

namespace MeshCall.Client;

/// <summary>A connection's requests waiting for their replies, by the <c>id</c> each was sent with.</summary>
internal sealed class PendingReplies
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _pending = new();
    private long _nextId;
    private int _closed;

    /// <summary>A fresh id and the reply it will get; <see cref="Forget"/> it once it is awaited no more.</summary>
    public (long Id, Task<JsonElement> Reply) Add(CancellationToken cancellation)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;

        // Added after FailAll had gone by (a request racing the server's close, which a socket can still send into):
        // no reply will ever come, so it fails here instead of waiting for ever. One of the two always sees the other.
        if (Volatile.Read(ref _closed) == 1)
        {
            reply.TrySetException(new WebSocketException("connection closed"));
        }

        return (id, cancellation.CanBeCanceled ? WithCancellation(reply, cancellation) : reply.Task);
    }

    /// <summary>
    /// Cancelled or failed to send, a request is awaited no more: a connection that lives for hours must not keep an
    /// entry for each such request.
    /// </summary>
    public void Forget(long id) => _pending.TryRemove(id, out _);

    /// <summary>Whether <paramref name="message"/> carries the id of a request still waiting for its reply.</summary>
    public bool Awaits(JsonElement message) =>
        message.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var number) && _pending.ContainsKey(number);

    /// <summary>Completes the request <paramref name="message"/> answers; false when it answers none (it is an event).</summary>
    public bool TryComplete(string op, JsonElement message)
    {
        if (!message.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.Number
            || !id.TryGetInt64(out var number) || !_pending.TryRemove(number, out var reply))
        {
            return false;
        }

        if (op == "error")
        {
            reply.TrySetException(new MeshCallException(message.GetProperty("code").GetString()!, message.GetProperty("message").GetString()!));
        }
        else
        {
            reply.TrySetResult(message);
        }

        return true;
    }

    /// <summary>The connection is gone: every request still waiting fails, and so does every one added from now on.</summary>
    public void FailAll()
    {
        Interlocked.Exchange(ref _closed, 1);
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new WebSocketException("connection closed"));
        }
    }

    private static async Task<JsonElement> WithCancellation(TaskCompletionSource<JsonElement> reply, CancellationToken cancellation)
    {
        using (cancellation.Register(() => reply.TrySetCanceled(cancellation)))
        {
            return await reply.Task;
        }
    }
}
