using System.Text.Json;

namespace MeshCall.Client;

/// <summary>How a message becomes a typed event, for the client and the session alike.</summary>
internal static class TypedEvents
{
    public static void Raise(
        string op,
        JsonElement message,
        Action<RemotePeer>? peerJoined,
        Action<string, string>? peerLeft,
        Action<SignalMessage>? signalReceived,
        Action<BroadcastMessage>? broadcastReceived)
    {
        switch (op)
        {
            case "peer-joined":
                peerJoined?.Invoke(RemotePeer.Read(message));
                break;
            case "peer-left":
                peerLeft?.Invoke(message.GetProperty("peerId").GetString()!, message.GetProperty("reason").GetString()!);
                break;
            case "signal":
                signalReceived?.Invoke(SignalMessage.Read(message));
                break;
            case "broadcast":
                broadcastReceived?.Invoke(BroadcastMessage.Read(message));
                break;
        }
    }

    /// <summary>Tells <paramref name="handlerFailed"/> of a handler's exception; what it throws in turn is ignored.</summary>
    public static void ReportFailure(Action<Exception>? handlerFailed, Exception error)
    {
        try
        {
            handlerFailed?.Invoke(error);
        }
        catch (Exception)
        {
            // Nobody is left to tell, and the loop that raised the event must not end over it.
        }
    }
}
