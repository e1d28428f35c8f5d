namespace MeshCall.Contracts.Rooms;

/// <summary>A member's role in its room (PROTOCOL.md `role`): moderators may change the room and act on its members.</summary>
public enum MemberRole
{
    Member,
    Moderator,
}

/// <summary>What a moderator may ask of a member's client (PROTOCOL.md `moderate.action`).</summary>
public enum ModerationAction
{
    Mute,
    CameraOff,
}

/// <summary>How a room answers a moderator's request.</summary>
public enum ModerationOutcome
{
    Done,

    /// <summary>The one asking is not a moderator of the room.</summary>
    Forbidden,

    /// <summary>The peer named is not a member of the room (or is the one asking).</summary>
    UnknownPeer,

    /// <summary>The one asking is no member of the room (its session ended meanwhile).</summary>
    NotMember,

    /// <summary>No one waits in the room's lobby under that lobbyId (admitted, denied or gone already, or never there).</summary>
    UnknownLobbyEntry,
}

/// <summary>A room's settings (PROTOCOL.md `settings`): kept in its stored state, so they survive the loss of its silo.</summary>
[GenerateSerializer, Immutable, Alias("meshcall.RoomSettings")]
public readonly record struct RoomSettings([property: Id(0)] bool Locked, [property: Id(1)] bool Lobby);

/// <summary>
/// What a session brings to its room's join: its name, the role its grant gives (null without grants: the room then
/// makes its first member the moderator), and the grant's subject (never sent to clients).
/// </summary>
/// <remarks>
/// <see cref="LobbyTicket"/> is the lobbyId a moderator admitted (the join then skips the lobby, not the room's
/// capacity); <see cref="Connection"/> is where the room answers a client it puts in its lobby.
/// </remarks>
[GenerateSerializer, Immutable, Alias("meshcall.MemberEntry")]
public sealed record MemberEntry(
    [property: Id(0)] string Name,
    [property: Id(1)] MemberRole? Role = null,
    [property: Id(2)] string? Subject = null,
    [property: Id(3)] string? LobbyTicket = null,
    [property: Id(4)] Gateways.GatewayConnection? Connection = null);
