using MeshCall.Contracts;
using MeshCall.Contracts.Gateways;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;
using MeshCall.Gateway.Protocol;

namespace MeshCall.Gateway.Sessions;

/// <summary>
/// A join that waits in a room's lobby, on the gateway's side: the room holds the entry (and its moderators the
/// knock); the connection holds the request, answers it when a moderator decides, withdraws it when the client leaves
/// or drops, and vouches for it with each heartbeat, as for a session. A moderator's admit and deny are here too.
/// </summary>
internal static class SessionLobby
{
    /// <summary>The room put the join in its lobby: the client is told so, and its join's final answer comes later.</summary>
    public static async Task<Reply> WaitAsync(MeshSession session, ClientRequest request, RoomId room, MemberEntry entry, string lobbyId)
    {
        var wait = new LobbyWait(room, lobbyId, request.Id, entry);
        if (!session.TryWait(wait))
        {
            // The connection ended while the room answered: nobody waits for this entry.
            await WithdrawAsync(session, wait);
            throw new ProtocolException(ErrorCodes.Unavailable, "the connection ended before the join completed");
        }

        SessionLog.Waiting(session.Context.Logger, session.ConnectionId, room.Value);
        return new LobbyReply(lobbyId);
    }

    /// <summary>A moderator's <c>admit</c> or <c>deny</c>: the room decides (it alone knows who moderates).</summary>
    public static async Task<Reply> AnswerAsync(MeshSession session, ClientRequest request, bool admit)
    {
        var self = session.RequireJoined();
        if (request.LobbyId is not { Length: > 0 and <= 64 } lobbyId)
        {
            throw new ProtocolException(ErrorCodes.InvalidMessage, $"{request.Op} needs lobbyId");
        }

        return await session.Context.Grains.GetPeer(self).AnswerKnockAsync(lobbyId, admit) switch
        {
            ModerationOutcome.Done => Reply.Ok,
            ModerationOutcome.Forbidden => throw new ProtocolException(ErrorCodes.Forbidden, "only a moderator of the room may do that"),

            // No error code names a lobby entry; like a malformed one, it names nothing this client may act on.
            ModerationOutcome.UnknownLobbyEntry => throw new ProtocolException(ErrorCodes.InvalidMessage, "nobody waits in your room's lobby under that lobbyId"),
            _ => throw new ProtocolException(ErrorCodes.NotJoined, "your session is no longer in its room"),
        };
    }

    /// <summary>The room's answer to a wait on this connection (see <see cref="IGatewayObserver.LobbyAnsweredAsync"/>).</summary>
    public static void Answered(MeshSession session, string lobbyId, bool admitted)
    {
        if (session.Waiting is not { } wait || wait.LobbyId != lobbyId || wait.Admitted)
        {
            return;
        }

        if (!admitted)
        {
            if (session.TakeWait(wait) is not null)
            {
                Refuse(session, wait, new ProtocolException(ErrorCodes.Denied, "a moderator denied you entry"));
            }

            return;
        }

        wait.Admitted = true;
        _ = CompleteAsync(session, wait);
    }

    /// <summary>The client left the lobby (<c>leave</c>): its entry goes, and its connection closes as after any leave.</summary>
    public static async Task<Reply> LeaveAsync(MeshSession session, LobbyWait wait)
    {
        if (session.TakeWait(wait) is not null)
        {
            await WithdrawAsync(session, wait);
        }

        return Reply.Left;
    }

    /// <summary>Tells the room the entry is gone, and gives back the room this gateway held for it.</summary>
    public static async Task WithdrawAsync(MeshSession session, LobbyWait wait)
    {
        session.Context.Rooms.Release(wait.Room);
        try
        {
            await session.Context.Grains.GetRoom(wait.Room).WithdrawAsync(wait.LobbyId);
        }
        catch (Exception ex)
        {
            // The room lets the entry go once no heartbeat vouches for it.
            SessionLog.HeartbeatFailed(session.Context.Logger, ex, session.ConnectionId);
        }
    }

    /// <summary>Vouches for the waiting client; a room that no longer has the entry (it expired) ends the wait.</summary>
    public static async Task BeatAsync(MeshSession session, LobbyWait wait)
    {
        // Admitted, the entry is its join's to take: the room may have let it go already.
        if (wait.Admitted || await session.Context.Grains.GetRoom(wait.Room).LobbyBeatAsync(wait.LobbyId) || wait.Admitted)
        {
            return;
        }

        if (session.TakeWait(wait) is not null)
        {
            session.Context.Rooms.Release(wait.Room);
            Refuse(session, wait, new ProtocolException(ErrorCodes.Unavailable, "the room lost your place in its lobby; join again"));
        }
    }

    /// <summary>An admitted client's join: the room's capacity still applies, and its answer is the one the join waited for.</summary>
    private static async Task CompleteAsync(MeshSession session, LobbyWait wait)
    {
        var context = session.Context;
        try
        {
            var options = context.Options;
            var connection = new GatewayConnection(context.Gateway.GatewayId, session.ConnectionId, context.Gateway.Reference, options.HeartbeatInterval, options.PushTimeout);
            var result = await context.Grains.GetPeer(PeerId.New()).JoinAsync(wait.Room, wait.Entry with { LobbyTicket = wait.LobbyId }, connection);
            if (result.Status != JoinStatus.Joined)
            {
                End(session, wait, SessionJoin.Refusal(result.Status));
                return;
            }

            if (!session.TryTakeSession(result, wait.Room, wait))
            {
                // The client left or dropped meanwhile: the session nobody can resume leaves at once.
                await context.Grains.GetPeer(result.PeerId).LeaveAsync(session.ConnectionId);
                return;
            }

            context.Metrics.Joined(resumed: false);
            SessionLog.Joined(context.Logger, session.ConnectionId, session.Transport, wait.Room.Value, result.PeerId.Value);
            var joined = new JoinedReply(result, context.IceServersFor(result.PeerId));
            Send(session, wait, joined);
            session.Answered(joined);
        }
        catch (Exception ex)
        {
            SessionLog.Unavailable(context.Logger, ex, session.ConnectionId, "join");
            End(session, wait, new ProtocolException(ErrorCodes.Unavailable, "the cluster could not complete your join; join again"));
        }
    }

    /// <summary>An admitted join that did not complete: its answer is an error, and the connection may join again.</summary>
    private static void End(MeshSession session, LobbyWait wait, ProtocolException error)
    {
        if (session.TakeWait(wait) is not null)
        {
            session.Context.Rooms.Release(wait.Room);
            Refuse(session, wait, error);
        }
    }

    private static void Refuse(MeshSession session, LobbyWait wait, ProtocolException error)
    {
        session.Context.Metrics.Error(error.Code);
        if (session.Transport == "hub")
        {
            session.EnqueueHubEvent("Denied", ServerMessageWriter.Serialize(w => ServerMessageWriter.WriteErrorBody(w, error)));
        }
        else
        {
            session.EnqueueFrame(ServerMessageWriter.Serialize(w => ServerMessageWriter.WriteError(w, error, wait.RequestId)));
        }

        session.WaitEnded();
    }

    private static void Send(MeshSession session, LobbyWait wait, JoinedReply joined)
    {
        if (session.Transport == "hub")
        {
            session.EnqueueHubEvent("Admitted", ServerMessageWriter.Serialize(w => ServerMessageWriter.WriteReply(w, joined, id: null, withOp: false)));
        }
        else
        {
            session.EnqueueFrame(ServerMessageWriter.Serialize(w => ServerMessageWriter.WriteReply(w, joined, wait.RequestId, withOp: true)));
        }
    }
}
