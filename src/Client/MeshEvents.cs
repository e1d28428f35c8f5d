using System.Text.Json;

namespace MeshCall.Client;

/// <summary>A member of the room as the server describes it; <see cref="Polite"/> is your role toward it.</summary>
public sealed record RemotePeer(string PeerId, string Name, bool Polite)
{
    internal static RemotePeer Read(JsonElement peer) =>
        new(peer.GetProperty("peerId").GetString()!, peer.GetProperty("name").GetString()!, peer.GetProperty("polite").GetBoolean());
}

/// <summary>The answer to a join.</summary>
public sealed record JoinedRoom(string Room, string PeerId, string ResumeToken, IReadOnlyList<RemotePeer> Peers, int MaxPeers, JsonElement IceServers);

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
