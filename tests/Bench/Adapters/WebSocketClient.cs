using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace MeshCall.Bench.Adapters;

/// <summary>
/// The part of the plain WebSocket adapters (MeshCall <c>/ws</c>, PeerJS) that is the same for both: one receive loop
/// handing whole text messages to <see cref="OnMessage"/>, and one writer draining a queue of frames.
/// </summary>
public abstract class WebSocketClient(int index, IClientEvents events) : BenchClient(index, events)
{
    private readonly Channel<byte[]> _outbox = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private WebSocket? _socket;
    private Task _receiving = Task.CompletedTask;
    private Task _writing = Task.CompletedTask;

    protected long OpenedAt { get; private set; }

    protected async Task OpenAsync(Uri uri, IPAddress source, CancellationToken cancellationToken)
    {
        _socket = await Connector.OpenAsync(uri, source, Gate, cancellationToken);
        OpenedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        _receiving = Task.Run(ReceiveAsync);
        _writing = Task.Run(WriteAsync);
    }

    protected void Enqueue(byte[] frame) => _outbox.Writer.TryWrite(frame);

    /// <summary>Queues <paramref name="head"/> (an object opened up to a property name), then <paramref name="data"/>, then its close.</summary>
    protected void EnqueueWithData(string head, byte[] data)
    {
        var opening = System.Text.Encoding.UTF8.GetBytes(head);
        var frame = new byte[opening.Length + data.Length + 1];
        opening.CopyTo(frame, 0);
        data.CopyTo(frame, opening.Length);
        frame[^1] = (byte)'}';
        Enqueue(frame);
    }

    /// <summary>One whole text message; the span is valid only during the call.</summary>
    protected abstract void OnMessage(ReadOnlySpan<byte> message);

    public override async ValueTask DisposeAsync()
    {
        _outbox.Writer.TryComplete();
        await _stop.CancelAsync();
        if (_socket is { } socket)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Already gone; closing is best effort.
            }

            socket.Abort();
            socket.Dispose();
        }

        await Task.WhenAll(_receiving, _writing).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task ReceiveAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var result = await _socket!.ReceiveAsync(buffer.AsMemory(length), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                length += result.Count;
                if (result.EndOfMessage)
                {
                    OnMessage(buffer.AsSpan(0, length));
                    length = 0;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection ended: by us at the end of a run, or by the server, which the ledgers will show.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task WriteAsync()
    {
        try
        {
            await foreach (var frame in _outbox.Reader.ReadAllAsync(_stop.Token))
            {
                await _socket!.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // As above: what did not go out is counted as lost by the scenario.
        }
    }
}
