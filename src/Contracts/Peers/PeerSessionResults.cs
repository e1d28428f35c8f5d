using System.Collections.Immutable;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Contracts.Peers;

public enum JoinStatus
{
    Joined,
    RoomFull,
    AlreadyJoined,
    /// <summary>The room is locked and the grant is not a moderator's.</summary>
    RoomLocked,
    /// <summary>The resume token is unknown, used, or its session has ended.</summary>
    ResumeExpired,
    /// <summary>The room has a lobby: the client waits there under <see cref="SessionJoinResult.LobbyId"/>.</summary>
    Lobby,
    /// <summary>An admitted lobby entry that was gone by the time its join came.</summary>
    Denied,
}

public enum RelayOutcome
{
    Delivered,
    /// <summary>The addressee is not a member of the sender's room (or does not exist: the same answer).</summary>
    UnknownPeer,
    /// <summary>The addressee's gateway did not confirm it; the sender retries with the same msgId.</summary>
    Unavailable,
}

/// <summary>
/// A signal's outcome. <see cref="Handed"/> is the numbered signal when the addressee's connection is on the caller's
/// gateway (<see cref="ConnectionId"/>): that gateway queues it itself, with no push from the session.
/// </summary>
[GenerateSerializer, Immutable, Alias("meshcall.SignalReceipt")]
public sealed record SignalReceipt(
    [property: Id(0)] RelayOutcome Outcome,
    [property: Id(1)] NumberedEvent? Handed = null,
    [property: Id(2)] string? ConnectionId = null)
{
    public static readonly SignalReceipt Delivered = new(RelayOutcome.Delivered);
    public static readonly SignalReceipt UnknownPeer = new(RelayOutcome.UnknownPeer);
    public static readonly SignalReceipt Unavailable = new(RelayOutcome.Unavailable);

    public static SignalReceipt Hand(NumberedEvent numbered, string connectionId) => new(RelayOutcome.Delivered, numbered, connectionId);
}

public enum SessionStatus
{
    /// <summary>This connection holds the session.</summary>
    Held,
    /// <summary>The session was resumed on another connection.</summary>
    Replaced,
    /// <summary>The session has ended.</summary>
    Gone,
}

/// <summary>The session's answer to a heartbeat, with the events the gateway should have and may not.</summary>
[GenerateSerializer, Immutable, Alias("meshcall.HeartbeatReply")]
public sealed record HeartbeatReply([property: Id(0)] SessionStatus Status, [property: Id(1)] ImmutableArray<NumberedEvent> Unconfirmed)
{
    public static readonly HeartbeatReply Held = new(SessionStatus.Held, []);
    public static readonly HeartbeatReply Replaced = new(SessionStatus.Replaced, []);
    public static readonly HeartbeatReply Gone = new(SessionStatus.Gone, []);
}

/// <summary>
/// What a connection needs to answer `join`: the room, the other members (oldest first), a fresh single-use
/// resume token, the sequence number of the first event it will be pushed, the member's role and the room's settings.
/// </summary>
[GenerateSerializer, Immutable, Alias("meshcall.SessionJoinResult")]
public sealed record SessionJoinResult(
    [property: Id(0)] JoinStatus Status,
    [property: Id(1)] RoomId Room,
    [property: Id(2)] PeerId PeerId,
    [property: Id(3)] ImmutableArray<RoomMember> Others,
    [property: Id(4)] string ResumeToken,
    [property: Id(5)] int MaxPeers,
    [property: Id(6)] long FirstSeq,
    [property: Id(7)] MemberRole Role = MemberRole.Member,
    [property: Id(8)] RoomSettings Settings = default,
    [property: Id(9)] string? LobbyId = null)
{
    public static SessionJoinResult Failed(JoinStatus status) =>
        new(status, default, default, [], string.Empty, 0, 0);

    public static SessionJoinResult Waiting(string lobbyId) =>
        new(JoinStatus.Lobby, default, default, [], string.Empty, 0, 0, LobbyId: lobbyId);
}
