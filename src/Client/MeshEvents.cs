using System.Text.Json;

namespace MeshCall.Client;

/// <summary>A member of the room as the server describes it; <see cref="Polite"/> is your role toward it.</summary>
public sealed record RemotePeer(string PeerId, string Name, bool Polite)
{
    /// <summary><c>moderator</c> or <c>member</c> (a server older than roles says neither: <c>member</c>).</summary>
    public string Role { get; init; } = MemberRoles.Member;

    /// <summary>The JSON object the peer last set with <c>set-attributes</c>; <c>{}</c> when none.</summary>
    public JsonElement Attributes { get; init; } = MemberRoles.NoAttributes;

    internal static RemotePeer Read(JsonElement peer) =>
        new(peer.GetProperty("peerId").GetString()!, peer.GetProperty("name").GetString()!, peer.GetProperty("polite").GetBoolean())
        {
            Role = peer.TryGetProperty("role", out var role) ? role.GetString()! : MemberRoles.Member,
            Attributes = peer.TryGetProperty("attributes", out var attributes) ? attributes : MemberRoles.NoAttributes,
        };
}

/// <summary>The answer to a join.</summary>
public sealed record JoinedRoom(string Room, string PeerId, string ResumeToken, IReadOnlyList<RemotePeer> Peers, int MaxPeers, JsonElement IceServers)
{
    /// <summary>Your role in the room: <c>moderator</c> or <c>member</c>.</summary>
    public string Role { get; init; } = MemberRoles.Member;

    public RoomSettings Settings { get; init; } = RoomSettings.Open;

    internal static JoinedRoom Read(JsonElement reply) =>
        new(reply.GetProperty("room").GetString()!, reply.GetProperty("peerId").GetString()!, reply.GetProperty("resumeToken").GetString()!,
            reply.GetProperty("peers").EnumerateArray().Select(RemotePeer.Read).ToList(), reply.GetProperty("maxPeers").GetInt32(), reply.GetProperty("iceServers"))
        {
            Role = reply.TryGetProperty("role", out var role) ? role.GetString()! : MemberRoles.Member,
            Settings = reply.TryGetProperty("settings", out var settings) ? RoomSettings.Read(settings) : RoomSettings.Open,
        };
}

/// <summary>An addressed signal; <see cref="From"/> is stamped by the server, <see cref="Data"/> is the sender's JSON.</summary>
public sealed record SignalMessage(string From, string Type, JsonElement Data)
{
    internal static SignalMessage Read(JsonElement signal) =>
        new(signal.GetProperty("from").GetString()!, signal.GetProperty("type").GetString()!, signal.GetProperty("data"));
}

public sealed record BroadcastMessage(string From, JsonElement Data)
{
    internal static BroadcastMessage Read(JsonElement broadcast) => new(broadcast.GetProperty("from").GetString()!, broadcast.GetProperty("data"));
}

/// <summary>Any message the server pushed that is not a reply: its <c>op</c> and the whole object.</summary>
public sealed record MeshEvent(string Op, JsonElement Body);

/// <summary>An <c>error</c> reply: <see cref="Code"/> is one of the protocol's error codes.</summary>
public sealed class MeshCallException(string code, string message) : Exception($"{code}: {message}")
{
    public string Code { get; } = code;
}
