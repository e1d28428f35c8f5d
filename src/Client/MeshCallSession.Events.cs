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

    /// <summary>A moderator changed the room's settings; <see cref="Settings"/> already has them.</summary>
    public event Action<RoomUpdate>? RoomUpdated;

    /// <summary>A member's role changed (the peer id, the role), you included; <see cref="Role"/> and <see cref="Peers"/> already show it.</summary>
    public event Action<string, string>? RoleChanged;

    /// <summary>A moderator asks you, and only you, to mute or turn your camera off.</summary>
    public event Action<ModerationRequest>? ModerationRequested;

    /// <summary>A member replaced its attributes; <see cref="Peers"/> already has them.</summary>
    public event Action<PeerUpdate>? PeerUpdated;

    /// <summary>Someone knocks at the room's lobby (moderators only): <see cref="AdmitAsync"/> or <see cref="DenyAsync"/> it.</summary>
    public event Action<Knock>? Knocked;

    /// <summary>The lobby id of a knock withdrawn: that client left or dropped before anyone answered.</summary>
    public event Action<string>? KnockWithdrawn;

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
            MemberEvents.Raise(evt.Op, evt.Body, RoomUpdated, RoleChanged, ModerationRequested, PeerUpdated, Knocked, KnockWithdrawn);
        }
        catch (Exception error)
        {
            // The application's handler failed, not the session: the messages after this one still count.
            TypedEvents.ReportFailure(HandlerFailed, error);
        }
    }
}
