using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Grains.Rooms;

internal static partial class RoomLog
{
    [LoggerMessage(100, LogLevel.Information, "Peer {Peer} joined room {Room} ({Count} members)")]
    public static partial void Joined(ILogger logger, PeerId peer, string room, int count);

    [LoggerMessage(101, LogLevel.Information, "Peer {Peer} left room {Room} ({Reason}, {Count} members)")]
    public static partial void Left(ILogger logger, PeerId peer, string room, LeaveReason reason, int count);

    [LoggerMessage(102, LogLevel.Information, "Room {Room} is full ({MaxPeers}); peer {Peer} refused")]
    public static partial void Full(ILogger logger, string room, int maxPeers, PeerId peer);

    [LoggerMessage(103, LogLevel.Warning, "Room {Room} could not tell peer {Peer} of a roster change")]
    public static partial void NotifyFailed(ILogger logger, Exception exception, string room, PeerId peer);

    [LoggerMessage(104, LogLevel.Information, "Room {Room} restored with {Count} members")]
    public static partial void Restored(ILogger logger, string room, int count);

    [LoggerMessage(106, LogLevel.Information, "Room {Room} is locked; peer {Peer} refused")]
    public static partial void Locked(ILogger logger, string room, PeerId peer);

    [LoggerMessage(107, LogLevel.Information, "Peer {Peer} of room {Room} is now {Role}")]
    public static partial void RoleChanged(ILogger logger, PeerId peer, string room, MemberRole role);

    [LoggerMessage(108, LogLevel.Information, "Room {Room}: {By} set locked={Locked}, lobby={Lobby}")]
    public static partial void SettingsChanged(ILogger logger, string room, PeerId by, bool locked, bool lobby);

    [LoggerMessage(109, LogLevel.Information, "Room {Room}: {By} kicked {Peer}")]
    public static partial void KickedBy(ILogger logger, string room, PeerId by, PeerId peer);

    [LoggerMessage(110, LogLevel.Information, "Room {Room}: someone knocked ({Count} waiting in its lobby)")]
    public static partial void Knocked(ILogger logger, string room, int count);

    [LoggerMessage(111, LogLevel.Information, "Room {Room}'s lobby is full ({Count}); a join refused")]
    public static partial void LobbyFull(ILogger logger, string room, int count);

    [LoggerMessage(112, LogLevel.Information, "Room {Room}: {By} answered a knock (admitted: {Admitted})")]
    public static partial void KnockAnswered(ILogger logger, string room, PeerId by, bool admitted);

    [LoggerMessage(113, LogLevel.Information, "Room {Room}: a lobby entry no gateway vouched for expired")]
    public static partial void LobbyExpired(ILogger logger, string room);

    [LoggerMessage(105, LogLevel.Warning, "Room {Room} could not store its membership")]
    public static partial void SaveFailed(ILogger logger, Exception exception, string room);
}
