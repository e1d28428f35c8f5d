using System.Net.WebSockets;
using System.Text.Json;

namespace MeshCall.Client;

/// <summary>
/// The receive loop: each message completes the request it answers, or goes to <see cref="Events"/> and the typed
/// events; a join's <c>lobby</c> answer is neither, only a step on its way.
/// </summary>
public sealed partial class MeshCallClient
{
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

        if (op == "lobby" && _pending.Awaits(message))
        {
            // Not the answer yet: the join waits in the lobby for its joined or its denied.
            RaiseSafely(() => WaitingInLobby?.Invoke(message.GetProperty("lobbyId").GetString()!));
            return;
        }

        if (_pending.TryComplete(op, message))
        {
            return;
        }

        _events.Writer.TryWrite(new MeshEvent(op, message));
        RaiseSafely(() => RaiseTypedEvent(op, message));
    }

    private void RaiseSafely(Action raise)
    {
        try
        {
            raise();
        }
        catch (Exception error)
        {
            // The application's handler failed, not the connection: the messages after this one still count.
            ReportHandlerFailure(error);
        }
    }
}
