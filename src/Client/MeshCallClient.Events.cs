using System.Text.Json;

namespace MeshCall.Client;

/// <summary>
/// The typed events, raised on the receive loop after the message is on <see cref="Events"/>, whether or not anyone
/// reads Events. A handler that blocks holds up the messages after it.
/// </summary>
public sealed partial class MeshCallClient
{
    public event Action<RemotePeer>? PeerJoined;

    public event Action<string, string>? PeerLeft;

    public event Action<SignalMessage>? SignalReceived;

    public event Action<BroadcastMessage>? BroadcastReceived;

    /// <summary>
    /// One of the handlers above threw. The connection carries on with the next message; what this handler
    /// throws in turn is ignored.
    /// </summary>
    public event Action<Exception>? HandlerFailed;

    private void RaiseTypedEvent(string op, JsonElement message) =>
        TypedEvents.Raise(op, message, PeerJoined, PeerLeft, SignalReceived, BroadcastReceived);

    private void ReportHandlerFailure(Exception error) => TypedEvents.ReportFailure(HandlerFailed, error);
}
