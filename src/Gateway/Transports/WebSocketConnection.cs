using System.Buffers;
using System.Net.WebSockets;
using MeshCall.Gateway.Protocol;
using MeshCall.Gateway.Sessions;

namespace MeshCall.Gateway.Transports;

/// <summary>
/// The <c>/ws</c> transport for one socket: one JSON object per text frame in, requests handled one at a
/// time (which keeps a sender's signals in order), and a single writer for replies and events. Every write has a
/// deadline (<c>Gateway:WriteTimeout</c>): a client that stops reading cannot hold the writer, or its memory, for long.
/// </summary>
internal sealed class WebSocketConnection(WebSocket socket, MeshSession session, LimitsOptions limits, SharedDeadlines writeDeadlines, Action abort)
{
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _reading = new();

    public async Task RunAsync(CancellationToken aborted)
    {
        using var link = CancellationTokenSource.CreateLinkedTokenSource(aborted, _reading.Token);
        var writing = WriteLoopAsync();
        try
        {
            await ReadLoopAsync(link.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away mid-frame or never finished closing: the session is held all the same.
        }
        finally
        {
            await session.ConnectionLostAsync();
            await writing;
            if (socket.State == WebSocketState.CloseReceived)
            {
                await CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null);
            }
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellation)
    {
        while (socket.State == WebSocketState.Open)
        {
            // Wait for a frame without a buffer: an idle connection then holds none (4 KiB each for 10,000 idle
            // peers was a tenth of a gateway's memory). An empty frame is read whole by this read.
            var received = await socket.ReceiveAsync(Memory<byte>.Empty, cancellation);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            if (!await ReadFrameAsync(received, cancellation))
            {
                return;
            }
        }
    }

    /// <summary>Reads the rest of a frame into a pooled buffer and handles it; false when the connection is done.</summary>
    private async Task<bool> ReadFrameAsync(ValueWebSocketReceiveResult received, CancellationToken cancellation)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var count = 0;
            while (!received.EndOfMessage)
            {
                if (count == buffer.Length)
                {
                    buffer = Grow(buffer, count);
                }

                received = await socket.ReceiveAsync(buffer.AsMemory(count), cancellation);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return false;
                }

                count += received.Count;
                if (count > limits.MaxFrameBytes)
                {
                    // Over the hard limit: stop reading here rather than buffer the rest of it.
                    session.CloseForAbuse(Abuse.FrameTooLarge);
                    return false;
                }
            }

            if (received.MessageType == WebSocketMessageType.Binary)
            {
                Reply(null, new ProtocolException(ErrorCodes.InvalidMessage, "frames must be JSON text"));
                return true;
            }

            await HandleAsync(buffer.AsMemory(0, count));
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private byte[] Grow(byte[] buffer, int used)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limits.MaxFrameBytes + 1));
        buffer.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> frame)
    {
        var request = ClientRequest.Parse(frame, limits.MaxSignalBytes);
        try
        {
            var reply = await session.HandleAsync(request);
            if (ReferenceEquals(reply, Protocol.Reply.Unanswered))
            {
                return;
            }

            session.EnqueueFrame(ServerMessageWriter.Serialize(w => ServerMessageWriter.WriteReply(w, reply, request.Id, withOp: true)));
            session.Answered(reply);
            if (ReferenceEquals(reply, Protocol.Reply.Left))
            {
                // Written before the close, from the same queue: the client reads its `ok`, then the socket closes.
                session.Close(null);
            }
        }
        catch (ProtocolException error)
        {
            Reply(request.Id, error);
        }
    }

    private void Reply(byte[]? id, ProtocolException error) =>
        session.EnqueueFrame(ServerMessageWriter.Serialize(w => ServerMessageWriter.WriteError(w, error, id)));

    private async Task WriteLoopAsync()
    {
        await Task.Yield();
        try
        {
            await foreach (var item in session.Outbound.ReadAllAsync())
            {
                if (item.Close)
                {
                    await CloseAsync(item);
                    return;
                }

                if (item.Frame is { } frame)
                {
                    await WriteAsync(frame);
                    continue;
                }

                using var rented = FrameBuffers.Rent((session.PeerId!.Value, item.Event!), static (w, e) => ServerMessageWriter.WriteEvent(w, e.Value, e.Item2, withOp: true));
                await WriteAsync(rented.Memory);
            }
        }
        catch (OperationCanceledException)
        {
            // A write past its deadline: the client has stopped reading. Drop the connection outright.
            abort();
            _reading.Cancel();
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
        {
            _reading.Cancel();
        }
    }

    private ValueTask WriteAsync(ReadOnlyMemory<byte> frame) =>
        socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, writeDeadlines.Token());

    private Task CloseOutputAsync(WebSocketCloseStatus status, string? description) =>
        socket.CloseOutputAsync(status, description, writeDeadlines.Token());

    private async Task CloseAsync(Outbound item)
    {
        if (item.Reason is { } reason)
        {
            await WriteAsync(ServerMessageWriter.Serialize(w => ServerMessageWriter.WriteClosed(w, reason, withOp: true)));
        }

        var (status, description) = item.Abuse switch
        {
            Abuse.FrameTooLarge => (WebSocketCloseStatus.MessageTooBig, "frame too large"),
            Abuse.RateLimited => (WebSocketCloseStatus.PolicyViolation, "rate limited"),
            Abuse.NoJoin => (WebSocketCloseStatus.PolicyViolation, "no join"),
            Abuse.SlowConsumer => (WebSocketCloseStatus.PolicyViolation, "too slow"),
            _ => (WebSocketCloseStatus.NormalClosure, null),
        };
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await CloseOutputAsync(status, description);
        }

        // A client that never answers the close must not hold the read loop open.
        _reading.CancelAfter(CloseHandshakeTimeout);
    }
}
