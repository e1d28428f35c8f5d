namespace MeshCall.Gateway.Sessions;

internal static partial class SessionLog
{
    [LoggerMessage(300, LogLevel.Information, "Connection {Connection} ({Transport}) joined room {Room} as peer {Peer}")]
    public static partial void Joined(ILogger logger, string connection, string transport, string room, string peer);

    [LoggerMessage(301, LogLevel.Warning, "Connection {Connection}: the cluster could not serve {Op}")]
    public static partial void Unavailable(ILogger logger, Exception exception, string connection, string op);

    [LoggerMessage(302, LogLevel.Warning, "Connection {Connection} does not read its events ({Items} waiting, {Bytes} bytes); dropping it")]
    public static partial void SlowConsumer(ILogger logger, string connection, int items, long bytes);

    [LoggerMessage(303, LogLevel.Debug, "Heartbeat for connection {Connection} failed")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception, string connection);

    [LoggerMessage(304, LogLevel.Debug, "Connection {Connection} closed")]
    public static partial void Closed(ILogger logger, string connection);

    [LoggerMessage(305, LogLevel.Information, "Shutting down: telling {Count} connections to move to another gateway")]
    public static partial void ShuttingDown(ILogger logger, int count);

    [LoggerMessage(306, LogLevel.Warning, "Connection {Connection} closed for abuse: {Abuse}")]
    public static partial void Abusive(ILogger logger, string connection, Abuse abuse);

    [LoggerMessage(307, LogLevel.Information, "Connection {Connection} waits in the lobby of room {Room}")]
    public static partial void Waiting(ILogger logger, string connection, string room);
}
