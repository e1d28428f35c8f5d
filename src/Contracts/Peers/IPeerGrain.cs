using MeshCall.Contracts.Gateways;
using MeshCall.Contracts.Rooms;
using Orleans.Concurrency;

namespace MeshCall.Contracts.Peers;

/// <summary>
/// A participant's session (keyed by its <see cref="PeerId"/>): its room, name, the connection that holds
/// it, its view of the roster, and its ordered outbound event stream.
/// </summary>
/// <remarks>
/// Methods other grains call while they may themselves be waiting on this one are
/// <see cref="AlwaysInterleaveAttribute"/> and await nothing but a gateway (which answers without calling back
/// into a grain) or the room's roster (itself interleaving), so two peers signalling each other, or a room telling
/// a member who is leaving it, cannot deadlock.
/// </remarks>
[Alias("meshcall.IPeerGrain")]
public interface IPeerGrain : IGrainWithStringKey
{
    /// <summary>A join without a grant (as <see cref="JoinAsync(RoomId, MemberEntry, GatewayConnection)"/>); stays for gateways of the previous version.</summary>
    [Alias("Join")]
    Task<SessionJoinResult> JoinAsync(RoomId room, string name, GatewayConnection connection);

    /// <summary>A fresh session in <paramref name="room"/>, with the name, role and subject of <paramref name="entry"/>.</summary>
    [Alias("JoinAs")]
    Task<SessionJoinResult> JoinAsync(RoomId room, MemberEntry entry, GatewayConnection connection);

    /// <summary>
    /// Moves the session to a new connection if it is in <paramref name="room"/> and <paramref name="secret"/> is its
    /// current resume secret, and replays what the client has not seen: the events after <paramref name="lastSeq"/>
    /// when it says, else those no gateway confirmed. A refused resume leaves the secret as it was.
    /// </summary>
    [Alias("Resume")]
    Task<SessionJoinResult> ResumeAsync(RoomId room, string secret, GatewayConnection connection, long? lastSeq);

    [Alias("Leave")]
    Task LeaveAsync(string connectionId);

    /// <summary>The gateway lost the connection: hold the session for the resume window.</summary>
    [Alias("Disconnect")]
    Task DisconnectAsync(string connectionId);

    /// <summary>
    /// Proves the connection alive and says which events its gateway has (<paramref name="receivedUpTo"/>, the last
    /// seq it has in order) and which its client acknowledged (<paramref name="ackedUpTo"/>: the session keeps those
    /// no longer). The reply carries the events whose push went unconfirmed: a path from silo to gateway can fail
    /// (through a silo that just died) while the gateway's own calls still get through.
    /// </summary>
    [AlwaysInterleave, Alias("Heartbeat")]
    Task<HeartbeatReply> HeartbeatAsync(string connectionId, long receivedUpTo, long ackedUpTo);

    /// <summary>
    /// Called on the addressee: relays only if <paramref name="from"/> is in this peer's room (a sender its copy of
    /// the roster does not know makes it re-read the room first: it may have missed that join), and returns once
    /// the addressee's gateway has the signal (or the session holds it for a resume). When the addressee's connection
    /// is on the caller's own gateway (<paramref name="viaGateway"/>), the numbered signal is handed back in the
    /// receipt instead of pushed: the caller queues it, and its gateway's next heartbeat confirms it. A
    /// <paramref name="msgId"/> above 0 that was delivered before is acknowledged and not delivered again.
    /// <paramref name="acceptedAtTicks"/> is when the sender's gateway took it (UTC ticks), for the relay-latency metric.
    /// <paramref name="data"/> is never changed by either side, so it is not copied for a grain on the same silo.
    /// </summary>
    [AlwaysInterleave, Alias("DeliverSignal")]
    Task<SignalReceipt> DeliverSignalAsync(PeerId from, SignalType type, [Immutable] byte[] data, long msgId, long acceptedAtTicks, string viaGateway);

    /// <summary>
    /// Whether <paramref name="peer"/> is in this session's room, as the session knows it. A sender's gateway asks when
    /// its own copy does not know an addressee: a newcomer's join reaches every member's session before its `joined`
    /// is answered, but the `peer-joined` event may still be on its way to a member's gateway.
    /// </summary>
    [AlwaysInterleave, Alias("HasMember")]
    Task<bool> HasMemberAsync(PeerId peer);

    /// <summary>Called on the sender: fans <paramref name="data"/> out to every other member.</summary>
    [Alias("Broadcast")]
    Task BroadcastAsync([Immutable] byte[] data);

    [AlwaysInterleave, Alias("DeliverBroadcast")]
    Task DeliverBroadcastAsync(PeerId from, [Immutable] byte[] data);

    /// <summary>
    /// Roster changes, numbered by the room. One that skips a number means this member missed one (a notification
    /// that failed, e.g. while a silo was lost): it is applied, and the member re-reads the room for the rest.
    /// </summary>
    [AlwaysInterleave, Alias("OnPeerJoined")]
    Task OnPeerJoinedAsync(long rosterVersion, RoomMember member);

    /// <summary>A member left. When it is this one (a moderator kicked it), the session ends and its connection is closed.</summary>
    [AlwaysInterleave, Alias("OnPeerLeft")]
    Task OnPeerLeftAsync(long rosterVersion, PeerId peer, LeaveReason reason);

    /// <summary>A member's role (or attributes) changed: a numbered roster change like a join or a leave.</summary>
    [AlwaysInterleave, Alias("OnMemberUpdated")]
    Task OnMemberUpdatedAsync(long rosterVersion, RoomMember member);

    [AlwaysInterleave, Alias("OnRoomUpdated")]
    Task OnRoomUpdatedAsync(RoomSettings settings, PeerId by);

    [AlwaysInterleave, Alias("OnModerated")]
    Task OnModeratedAsync(ModerationAction action, PeerId by);

    /// <summary>This member replaces its attributes (raw UTF-8 JSON, null for none); false when it is in no room.</summary>
    [Alias("SetAttributes")]
    Task<bool> SetAttributesAsync([Immutable] byte[]? attributes);

    /// <summary>This member asks its room to change its settings (moderators only).</summary>
    [Alias("ChangeRoomSettings")]
    Task<ModerationOutcome> ChangeRoomSettingsAsync(bool? locked, bool? lobby);

    /// <summary>This member asks its room to remove <paramref name="target"/> (moderators only).</summary>
    [Alias("KickPeer")]
    Task<ModerationOutcome> KickPeerAsync(PeerId target);

    /// <summary>This member asks <paramref name="target"/>'s client to mute or stop its camera (moderators only).</summary>
    [Alias("ModeratePeer")]
    Task<ModerationOutcome> ModeratePeerAsync(PeerId target, ModerationAction action);

    /// <summary>This member admits or denies someone waiting in its room's lobby (moderators only).</summary>
    [Alias("AnswerKnock")]
    Task<ModerationOutcome> AnswerKnockAsync(string lobbyId, bool admit);

    /// <summary>Someone waits in the lobby of this moderator's room.</summary>
    [AlwaysInterleave, Alias("OnKnock")]
    Task OnKnockAsync(LobbyKnock knock);

    /// <summary>A lobby entry this moderator was told of is settled or gone.</summary>
    [AlwaysInterleave, Alias("OnKnockWithdrawn")]
    Task OnKnockWithdrawnAsync(string lobbyId);

    [AlwaysInterleave, Alias("OnPeerState")]
    Task OnPeerStateAsync(PeerId peer, PresenceState state);

    /// <summary>Ends the session by an operator's decision: the others see it leave as <c>kicked</c>, its connection is closed.</summary>
    [Alias("Kick")]
    Task KickAsync();

    /// <summary>
    /// Activates the session if it is not: after its silo was lost, a session restored from storage must run
    /// its own clock again (a disconnected one must still time out). <paramref name="rosterVersion"/> is the
    /// room's: a member whose copy is behind it missed a change (its notification failed) and re-reads the room;
    /// a peer the room counts but which has no session in it (its join never completed) leaves the room.
    /// </summary>
    [OneWay, AlwaysInterleave, Alias("Wake")]
    Task WakeAsync(RoomId room, long rosterVersion);
}
