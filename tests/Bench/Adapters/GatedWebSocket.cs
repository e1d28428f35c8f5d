using System.Net.WebSockets;

namespace MeshCall.Bench.Adapters;

/// <summary>A client WebSocket whose reads wait for its <see cref="ReadGate"/>; everything else goes straight through.</summary>
internal sealed class GatedWebSocket(WebSocket inner, ReadGate gate) : WebSocket
{
    public override WebSocketCloseStatus? CloseStatus => inner.CloseStatus;

    public override string? CloseStatusDescription => inner.CloseStatusDescription;

    public override WebSocketState State => inner.State;

    public override string? SubProtocol => inner.SubProtocol;

    public override void Abort() => inner.Abort();

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override void Dispose() => inner.Dispose();

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await ReceiveAsync(buffer.AsMemory(), cancellationToken);
        return new WebSocketReceiveResult(result.Count, result.MessageType, result.EndOfMessage, inner.CloseStatus, inner.CloseStatusDescription);
    }

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var result = await inner.ReceiveAsync(buffer, cancellationToken);
            Took(result.MessageType, result.Count);
            return result;
        }
        catch (WebSocketException)
        {
            gate.Aborted();
            throw;
        }
    }

    // A failed send is how a held client learns first that the server is gone (a SignalR client then stops its reads).
    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer.AsMemory(), messageType, endOfMessage ? WebSocketMessageFlags.EndOfMessage : WebSocketMessageFlags.None, cancellationToken).AsTask();

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer, messageType, endOfMessage ? WebSocketMessageFlags.EndOfMessage : WebSocketMessageFlags.None, cancellationToken);

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, WebSocketMessageFlags messageFlags, CancellationToken cancellationToken)
    {
        try
        {
            await inner.SendAsync(buffer, messageType, messageFlags, cancellationToken);
        }
        catch (WebSocketException)
        {
            gate.Aborted();
            throw;
        }
    }

    private void Took(WebSocketMessageType type, int count)
    {
        if (type == WebSocketMessageType.Close)
        {
            gate.Ended(inner);
            return;
        }

        gate.Read(count);
    }
}
