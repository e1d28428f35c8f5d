using MeshCall.Contracts;
using MeshCall.Contracts.Gateways;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;
using MeshCall.Gateway.Protocol;

namespace MeshCall.Gateway.Sessions;

/// <summary>A connection's <c>join</c>: a fresh session (grant, limits, the room's capacity) or a resumed one.</summary>
internal static class SessionJoin
{
    private const int MaxNameLength = 64;

    /// <summary>
    /// A join in flight holds off the join deadline (a slow cluster must not turn a joining client into an idle one);
    /// if it fails after the deadline has passed, the connection is closed then.
    /// </summary>
    public static async Task<Reply> JoinAsync(MeshSession session, ClientRequest request)
    {
        session.JoinStarting();
        try
        {
            return await JoinOnceAsync(session, request);
        }
        finally
        {
            session.JoinEnded();
        }
    }

    private static async Task<Reply> JoinOnceAsync(MeshSession session, ClientRequest request)
    {
        var context = session.Context;
        if (session.HasSession || session.Waiting is not null)
        {
            throw new ProtocolException(ErrorCodes.AlreadyJoined, "this connection has joined a room already");
        }

        if (request.Room is null)
        {
            throw new ProtocolException(ErrorCodes.InvalidMessage, "room is required");
        }

        if (!RoomId.TryParse(request.Room, out var room))
        {
            throw new ProtocolException(ErrorCodes.InvalidRoom, "room ids are 1-128 characters of A-Z a-z 0-9 . _ -");
        }

        // Without grants the room gives roles itself (its first member moderates).
        var entry = new MemberEntry(ValidName(request.Name));
        if (request.Resume is null && context.Grants.Required)
        {
            entry = await AuthorizeAsync(context, request.Token, room, entry.Name);
        }

        if (request.Resume is null && !context.RequestLimits.TryJoin(session.Remote))
        {
            throw new ProtocolException(ErrorCodes.RateLimited, "too many joins from your address; wait a minute");
        }

        if (!context.Rooms.TryHold(room))
        {
            throw new ProtocolException(ErrorCodes.Unavailable, "this gateway holds all the rooms it may; try another");
        }

        SessionJoinResult result;
        try
        {
            var options = context.Options;
            var connection = new GatewayConnection(context.Gateway.GatewayId, session.ConnectionId, context.Gateway.Reference, options.HeartbeatInterval, options.PushTimeout);
            result = request.Resume is { } token
                ? await ResumeAsync(session, token, room, connection, request.LastSeq)
                : await context.Grains.GetPeer(PeerId.New()).JoinAsync(room, entry, connection);
        }
        catch
        {
            context.Rooms.Release(room);
            throw;
        }

        if (result.Status == JoinStatus.Lobby)
        {
            // The room stays held here while the client waits: it is as good as joined.
            return await SessionLobby.WaitAsync(session, request, room, entry, result.LobbyId!);
        }

        if (result.Status != JoinStatus.Joined)
        {
            context.Rooms.Release(room);
            throw Refusal(result.Status);
        }

        // The connection may have ended while the cluster answered: its end then found nothing to give back.
        if (!session.TryTakeSession(result, room))
        {
            await AbandonJoinAsync(session, room, result.PeerId);
        }

        context.Metrics.Joined(resumed: request.Resume is not null);
        SessionLog.Joined(context.Logger, session.ConnectionId, session.Transport, room.Value, result.PeerId.Value);
        return new JoinedReply(result, context.IceServersFor(result.PeerId));
    }

    /// <summary>Why a room refused a join, as the client is told.</summary>
    public static ProtocolException Refusal(JoinStatus status) => status switch
    {
        JoinStatus.RoomLocked => new(ErrorCodes.RoomLocked, "the room is locked; only a moderator's grant joins it"),
        JoinStatus.Denied => new(ErrorCodes.Denied, "you are no longer in the room's lobby"),
        _ => new(ErrorCodes.RoomFull, "the room is full"),
    };

    /// <summary>
    /// Gives back what a join took when its connection ended before the reply: the room it holds here, and the session,
    /// which nobody can resume (its token was never sent), so it leaves at once instead of waiting out the window.
    /// </summary>
    private static async Task AbandonJoinAsync(MeshSession session, RoomId room, PeerId peer)
    {
        session.Context.Rooms.Release(room);
        try
        {
            await session.Context.Grains.GetPeer(peer).LeaveAsync(session.ConnectionId);
        }
        catch (Exception ex)
        {
            // The session times out instead: no gateway vouches for it.
            SessionLog.HeartbeatFailed(session.Context.Logger, ex, session.ConnectionId);
        }

        throw new ProtocolException(ErrorCodes.Unavailable, "the connection ended before the join completed");
    }

    /// <summary>
    /// A valid token always resumes, however many failed resumes came from the same address (behind a proxy or a NAT
    /// that is everyone's): the throttle only changes how a bad token is answered.
    /// </summary>
    private static async Task<SessionJoinResult> ResumeAsync(MeshSession session, string token, RoomId room, GatewayConnection connection, long? lastSeq)
    {
        var dot = token.IndexOf('.');
        if (dot > 0 && PeerId.TryParse(token[..dot], out var peer))
        {
            var result = await session.Context.Grains.GetPeer(peer).ResumeAsync(room, token[(dot + 1)..], connection, lastSeq);
            if (result.Status == JoinStatus.Joined)
            {
                return result;
            }
        }

        if (!session.Context.RequestLimits.ResumeFailed(session.Remote))
        {
            throw new ProtocolException(ErrorCodes.RateLimited, "too many failed resumes from your address; wait a minute");
        }

        throw new ProtocolException(ErrorCodes.ResumeExpired, "that session cannot be resumed; join afresh");
    }

    /// <summary>
    /// A fresh join needs a grant for this room (a resume is authorised by its token), which gives the member's role. A bad token, a room it does
    /// not name and a room that does not exist all get the same answer, so nothing learns which rooms exist.
    /// </summary>
    private static async Task<MemberEntry> AuthorizeAsync(SessionContext context, string? token, RoomId room, string name)
    {
        var grant = await context.Grants.ValidateAsync(token);
        if (grant is null || !grant.Allows(room))
        {
            throw new ProtocolException(ErrorCodes.Unauthorized, "no valid grant for this room");
        }

        // The grant's name is the one others see, when it is a name this server would accept; its role is the member's.
        var shown = grant.Name is { Length: > 0 and <= MaxNameLength } granted && !granted.Any(char.IsControl) ? granted : name;
        return new MemberEntry(shown, grant.Role, grant.Subject);
    }

    private static string ValidName(string? name)
    {
        name = name?.Trim() ?? string.Empty;
        if (name.Length > MaxNameLength)
        {
            throw new ProtocolException(ErrorCodes.InvalidMessage, $"name is over {MaxNameLength} characters");
        }

        if (name.Any(char.IsControl))
        {
            throw new ProtocolException(ErrorCodes.InvalidMessage, "name has control characters");
        }

        return name;
    }
}
