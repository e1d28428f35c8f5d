namespace MeshCall.Gateway.Protocol;

/// <summary>The error codes of PROTOCOL.md.</summary>
public static class ErrorCodes
{
    public const string InvalidMessage = "invalid-message";
    public const string InvalidRoom = "invalid-room";
    public const string TooLarge = "too-large";
    public const string NotJoined = "not-joined";
    public const string AlreadyJoined = "already-joined";
    public const string UnknownPeer = "unknown-peer";
    public const string RoomFull = "room-full";
    public const string Unauthorized = "unauthorized";
    public const string RateLimited = "rate-limited";
    public const string ResumeExpired = "resume-expired";
    public const string Unavailable = "unavailable";
    public const string Forbidden = "forbidden";
    public const string RoomLocked = "room-locked";
    public const string Denied = "denied";

    /// <summary>An addition to PROTOCOL.md: sent unasked after a resume when events were lost to the buffer limit.</summary>
    public const string EventsDropped = "events-dropped";

    private static readonly string[] All =
    [
        InvalidMessage, InvalidRoom, TooLarge, NotJoined, AlreadyJoined, UnknownPeer, RoomFull, Unauthorized, RateLimited,
        ResumeExpired, Unavailable, EventsDropped, Forbidden, RoomLocked, Denied,
    ];

    /// <summary>Whether <paramref name="message"/> is worded as PROTOCOL.md's errors are: <c>code: text</c>.</summary>
    public static bool StartsWithCode(string message) =>
        All.Any(code => message.StartsWith(code, StringComparison.Ordinal) && message.AsSpan(code.Length).StartsWith(": "));
}

/// <summary>A request the protocol refuses: answered with an error, leaving connection and session as they were.</summary>
public sealed class ProtocolException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
