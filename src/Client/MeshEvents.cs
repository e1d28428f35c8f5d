using System.Text.Json;

namespace MeshCall.Client;

/// <summary>A member of the room as the server describes it; <see cref="Polite"/> is your role toward it.</summary>
public sealed record RemotePeer(string PeerId, string Name, bool Polite);

/// <summary>The answer to a join.</summary>
public sealed record JoinedRoom(string Room, string PeerId, string ResumeToken, IReadOnlyList<RemotePeer> Peers, int MaxPeers, JsonElement IceServers);

/// <summary>An addressed signal; <see cref="From"/> is stamped by the server, <see cref="Data"/> is the sender's JSON.</summary>
public sealed record SignalMessage(string From, string Type, JsonElement Data);

public sealed record BroadcastMessage(string From, JsonElement Data);

/// <summary>Any message the server pushed that is not a reply: its <c>op</c> and the whole object.</summary>
public sealed record MeshEvent(string Op, JsonElement Body);

/// <summary>An <c>error</c> reply: <see cref="Code"/> is one of the protocol's error codes.</summary>
public sealed class MeshCallException(string code, string message) : Exception($"{code}: {message}")
{
    public string Code { get; } = code;
}
