using MeshCall.Contracts.Peers;

namespace MeshCall.Grains.Peers;

internal static partial class PeerLog
{
    [LoggerMessage(200, LogLevel.Information, "Peer {Peer} lost its connection; holding the session for {Window}")]
    public static partial void Reconnecting(ILogger logger, string peer, TimeSpan window);

    [LoggerMessage(201, LogLevel.Information, "Peer {Peer} resumed on gateway {Gateway}")]
    public static partial void Resumed(ILogger logger, string peer, string gateway);

    [LoggerMessage(202, LogLevel.Information, "Peer {Peer} timed out of room {Room}")]
    public static partial void TimedOut(ILogger logger, string peer, string room);

    [LoggerMessage(203, LogLevel.Warning, "Peer {Peer} missed {Count} events that did not fit its buffer")]
    public static partial void BufferOverflow(ILogger logger, string peer, long count);

    [LoggerMessage(205, LogLevel.Warning, "Peer {Peer} could not tell {Other} of its state")]
    public static partial void NotifyFailed(ILogger logger, Exception exception, string peer, PeerId other);

    [LoggerMessage(206, LogLevel.Information, "Peer {Peer} restored in room {Room} (epoch {Epoch})")]
    public static partial void Restored(ILogger logger, string peer, string room, long epoch);

    [LoggerMessage(207, LogLevel.Warning, "Peer {Peer} could not store its session")]
    public static partial void SaveFailed(ILogger logger, Exception exception, string peer);

    [LoggerMessage(208, LogLevel.Information, "Peer {Peer} was kicked from room {Room}")]
    public static partial void Kicked(ILogger logger, string peer, string room);

    [LoggerMessage(209, LogLevel.Warning, "Peer {Peer} could not reach room {Room}")]
    public static partial void RoomUnreachable(ILogger logger, Exception exception, string peer, string room);

    [LoggerMessage(210, LogLevel.Information, "Peer {Peer} missed roster changes; its client is told of {Joined} joined and {Left} gone")]
    public static partial void RosterCaughtUp(ILogger logger, string peer, int joined, int left);

    [LoggerMessage(211, LogLevel.Warning, "Peer {Peer} could not ask gateway {Gateway} what its client knows")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception, string peer, string gateway);

    [LoggerMessage(212, LogLevel.Information, "Peer {Peer} is counted by room {Room} but its join never completed; leaving it")]
    public static partial void Abandoned(ILogger logger, string peer, string room);
}
