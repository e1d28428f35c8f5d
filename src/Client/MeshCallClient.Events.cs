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

    /// <summary>A moderator changed the room's settings (every member hears it, the moderator too).</summary>
    public event Action<RoomUpdate>? RoomUpdated;

    /// <summary>A member's role changed (the peer id, the role): the oldest member moderates once the last moderator is gone.</summary>
    public event Action<string, string>? RoleChanged;

    /// <summary>A moderator asks you, and only you, to mute or turn your camera off.</summary>
    public event Action<ModerationRequest>? ModerationRequested;

    public event Action<PeerUpdate>? PeerUpdated;

    /// <summary>Someone knocks at the room's lobby (moderators only).</summary>
    public event Action<Knock>? Knocked;

    /// <summary>The lobby id of a knock withdrawn: that client left or dropped before anyone answered.</summary>
    public event Action<string>? KnockWithdrawn;

    /// <summary>
    /// This connection's join waits in the room's lobby under this lobby id; <see cref="JoinAsync"/> completes once it
    /// is admitted, or throws <c>denied</c>.
    /// </summary>
    public event Action<string>? WaitingInLobby;

    /// <summary>
    /// One of the handlers above threw. The connection carries on with the next message; what this handler
    /// throws in turn is ignored.
    /// </summary>
    public event Action<Exception>? HandlerFailed;

    private void RaiseTypedEvent(string op, JsonElement message)
    {
        TypedEvents.Raise(op, message, PeerJoined, PeerLeft, SignalReceived, BroadcastReceived);
        MemberEvents.Raise(op, message, RoomUpdated, RoleChanged, ModerationRequested, PeerUpdated, Knocked, KnockWithdrawn);
    }

    private void ReportHandlerFailure(Exception error) => TypedEvents.ReportFailure(HandlerFailed, error);
}
