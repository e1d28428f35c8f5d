using MeshCall.Contracts.Peers;

namespace MeshCall.Gateway.Protocol;

/// <summary>A successful answer to a request.</summary>
public abstract record Reply
{
    public static readonly Reply Ok = new PlainReply("ok");
    public static readonly Reply Pong = new PlainReply("pong");

    /// <summary><c>ok</c> to a leave: the transport closes the connection once it is written.</summary>
    public static readonly Reply Left = new PlainReply("ok");

    /// <summary>For a request that is not answered (an <c>ack</c>): nothing is written unless it fails.</summary>
    public static readonly Reply Unanswered = new PlainReply("none");
}

public sealed record PlainReply(string Op) : Reply;

/// <summary>A join held in the room's lobby (<c>lobby</c>): its final answer comes later, with the same request id.</summary>
public sealed record LobbyReply(string LobbyId) : Reply;

public sealed record JoinedReply(SessionJoinResult Session, IReadOnlyList<Sessions.IceServer> IceServers) : Reply;
