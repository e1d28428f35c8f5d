namespace MeshCall.Client;

/// <summary>
/// The typed events of the session, raised after the message is on <see cref="Events"/>, once each: what a resume
/// replays that was already seen raises nothing. Raised on the session's pump, so a handler that blocks holds up the
/// messages after it.
/// </summary>
public sealed partial class MeshCallSession
{
    public event Action<RemotePeer>? PeerJoined;

    /// <summary>The peer id and the reason (<c>left</c>, <c>timeout</c>, <c>kicked</c>).</summary>
    public event Action<string, string>? PeerLeft;

    public event Action<SignalMessage>? SignalReceived;

    public event Action<BroadcastMessage>? BroadcastReceived;

    /// <summary>
    /// One of the handlers above threw. The session carries on with the next message; what this handler throws in
    /// turn is ignored.
    /// </summary>
    public event Action<Exception>? HandlerFailed;

    private void RaiseTypedEvent(MeshEvent evt)
    {
        try
        {
            TypedEvents.Raise(evt.Op, evt.Body, PeerJoined, PeerLeft, SignalReceived, BroadcastReceived);
        }
        catch (Exception error)
        {
            // The application's handler failed, not the session: the messages after this one still count.
            TypedEvents.ReportFailure(HandlerFailed, error);
        }
    }
}
