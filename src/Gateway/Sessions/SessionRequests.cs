using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Gateway.Protocol;

namespace MeshCall.Gateway.Sessions;

/// <summary>
/// A connection's requests, whatever its transport: each within its request budget, answered with a
/// <see cref="Reply"/> or a <see cref="ProtocolException"/> carrying the protocol's code. Join is <see cref="SessionJoin"/>.
/// </summary>
internal static class SessionRequests
{
    public static async Task<Reply> HandleAsync(MeshSession session, ClientRequest request)
    {
        try
        {
            // Every frame spends from the budget, a broken one too: a flood of garbage is a flood.
            session.Admit();
            if (request.Problem is { } problem)
            {
                throw problem;
            }

            return request.Op switch
            {
                "join" => await SessionJoin.JoinAsync(session, request),
                "signal" => await SignalAsync(session, request),
                "broadcast" => await BroadcastAsync(session, request),
                "leave" => session.Waiting is { } waiting ? await SessionLobby.LeaveAsync(session, waiting) : await LeaveAsync(session),
                "ping" => Reply.Pong,
                "stats" => Stats(session, request),
                "ack" => Acknowledge(session, request),
                "room-settings" => await SessionModeration.RoomSettingsAsync(session, request),
                "kick" => await SessionModeration.KickAsync(session, request),
                "moderate" => await SessionModeration.ModerateAsync(session, request),
                "set-attributes" => await SessionModeration.SetAttributesAsync(session, request),
                "admit" => await SessionLobby.AnswerAsync(session, request, admit: true),
                "deny" => await SessionLobby.AnswerAsync(session, request, admit: false),
                _ => throw new ProtocolException(ErrorCodes.InvalidMessage, "unknown op"),
            };
        }
        catch (ProtocolException error)
        {
            session.Context.Metrics.Error(error.Code);
            throw;
        }
        catch (Exception ex)
        {
            // Never pass exception text to a client: it learns only that the cluster could not serve this.
            SessionLog.Unavailable(session.Context.Logger, ex, session.ConnectionId, request.Op);
            session.Context.Metrics.Error(ErrorCodes.Unavailable);
            throw new ProtocolException(ErrorCodes.Unavailable, "the cluster could not serve this request; retry");
        }
    }

    private static async Task<Reply> SignalAsync(MeshSession session, ClientRequest request)
    {
        var self = session.RequireJoined();
        if (request.To is null || request.Type is null || request.Data is null)
        {
            throw new ProtocolException(ErrorCodes.InvalidMessage, "signal needs to, type and data");
        }

        var type = ParseType(request.Type);
        var context = session.Context;

        // Answered here for anyone not in the room: a stray id costs no activation. One this copy does not know may
        // have just joined (its `peer-joined` still on its way here): the sender's own session knows.
        if (!PeerId.TryParse(request.To, out var to)
            || (!session.Stream.Roster.Contains(to) && !await context.Grains.GetPeer(self).HasMemberAsync(to)))
        {
            throw UnknownPeer();
        }

        var receipt = await context.Grains.GetPeer(to).DeliverSignalAsync(self, type, request.Data, request.MsgId, DateTime.UtcNow.Ticks, context.Gateway.GatewayId)
            .WaitAsync(context.SignalDeadlines.Token());
        if (receipt.Handed is { } handed)
        {
            // The addressee's connection is on this gateway: queued here, before the sender hears `ok`. Gone meanwhile,
            // its session keeps the signal for the resume, as for any push to a connection that dropped.
            context.Gateway.Hand(receipt.ConnectionId!, handed);
        }

        if (receipt.Outcome == RelayOutcome.Unavailable)
        {
            throw new ProtocolException(ErrorCodes.Unavailable, "the addressee's gateway did not confirm the signal; retry it");
        }

        if (receipt.Outcome != RelayOutcome.Delivered)
        {
            throw UnknownPeer();
        }

        context.Metrics.Signal(request.Type);
        return Reply.Ok;
    }

    private static async Task<Reply> BroadcastAsync(MeshSession session, ClientRequest request)
    {
        var self = session.RequireJoined();
        if (request.Data is null)
        {
            throw new ProtocolException(ErrorCodes.InvalidMessage, "broadcast needs data");
        }

        await session.Context.Grains.GetPeer(self).BroadcastAsync(request.Data);
        return Reply.Ok;
    }

    private static async Task<Reply> LeaveAsync(MeshSession session)
    {
        var self = session.RequireJoined();
        await session.Context.Grains.GetPeer(self).LeaveAsync(session.ConnectionId);
        session.Ended();
        return Reply.Left;
    }

    private static Reply Stats(MeshSession session, ClientRequest request)
    {
        session.RequireJoined();
        if (!request.HasPeers)
        {
            throw new ProtocolException(ErrorCodes.InvalidMessage, "stats needs peers");
        }

        session.Context.Metrics.StatsReport();
        session.Stream.Roster.Report(request.Peers);
        return Reply.Ok;
    }

    /// <summary>
    /// The client has handled the events up to <c>seq</c>: its session need keep them no longer. Not answered. The
    /// session hears on the next heartbeat, or at once when enough has been acknowledged since it last heard.
    /// </summary>
    private static Reply Acknowledge(MeshSession session, ClientRequest request)
    {
        // Waiting in a lobby, a client has no events to acknowledge yet; its library may send one all the same.
        if (session.Waiting is not null)
        {
            return Reply.Unanswered;
        }

        session.RequireJoined();
        if (request.Seq is not { } seq)
        {
            throw new ProtocolException(ErrorCodes.InvalidMessage, "ack needs seq");
        }

        if (session.Stream.Acknowledge(seq))
        {
            _ = ForwardAcknowledgementsAsync(session);
        }

        return Reply.Unanswered;
    }

    private static async Task ForwardAcknowledgementsAsync(MeshSession session)
    {
        try
        {
            await session.HeartbeatAsync();
        }
        catch (Exception ex)
        {
            // The next heartbeat carries it.
            SessionLog.HeartbeatFailed(session.Context.Logger, ex, session.ConnectionId);
        }
    }

    private static ProtocolException UnknownPeer() => new(ErrorCodes.UnknownPeer, "no such peer in your room");

    private static SignalType ParseType(string type) => type switch
    {
        "offer" => SignalType.Offer,
        "answer" => SignalType.Answer,
        "candidate" => SignalType.Candidate,
        "bye" => SignalType.Bye,
        "custom" => SignalType.Custom,
        _ => throw new ProtocolException(ErrorCodes.InvalidMessage, "type must be offer, answer, candidate, bye or custom"),
    };
}
