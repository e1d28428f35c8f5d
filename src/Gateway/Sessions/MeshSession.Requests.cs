using MeshCall.Gateway.Protocol;
using MeshCall.Peers;

namespace MeshCall.Gateway.Sessions;

/// <summary>A joined connection's requests: signals, broadcasts, acks, leave and stats, within its request budget.</summary>
public sealed partial class MeshSession
{
    private async Task<Reply> SignalAsync(ClientRequest request)
    {
        var self = RequireJoined();
        if (request.To is null || request.Type is null || request.Data is null)
        {
            throw new ProtocolException(ErrorCodes.InvalidMessage, "signal needs to, type and data");
        }

        var type = ParseType(request.Type);
        // Answered here for anyone not in the room: a stray id costs no activation. One this copy does not know may
        // have just joined (its `peer-joined` still on its way here): the sender's own session knows.
        if (!Peers.PeerId.TryParse(request.To, out var to)
            || (!_roster.Contains(to) && !await node.Grains.GetPeer(self).HasMemberAsync(to)))
        {
            throw UnknownPeer();
        }

        var receipt = await node.Grains.GetPeer(to).DeliverSignalAsync(self, type, request.Data, request.MsgId, DateTime.UtcNow.Ticks, node.GatewayId)
            .WaitAsync(node.Options.SignalTimeout);
        if (receipt.Handed is { } handed)
        {
            // The addressee's connection is on this gateway: queued here, before the sender hears `ok`. Gone meanwhile,
            // its session keeps the signal for the resume, as for any push to a connection that dropped.
            node.Hand(receipt.ConnectionId!, handed);
        }

        var outcome = receipt.Outcome;
        if (outcome == RelayOutcome.Unavailable)
        {
            throw new ProtocolException(ErrorCodes.Unavailable, "the addressee's gateway did not confirm the signal; retry it");
        }

        if (outcome != RelayOutcome.Delivered)
        {
            throw UnknownPeer();
        }

        node.Metrics.Signal(request.Type);
        return Reply.Ok;
    }

    private async Task<Reply> BroadcastAsync(ClientRequest request)
    {
        var self = RequireJoined();
        if (request.Data is null)
        {
            throw new ProtocolException(ErrorCodes.InvalidMessage, "broadcast needs data");
        }

        await node.Grains.GetPeer(self).BroadcastAsync(request.Data);
        return Reply.Ok;
    }

    private async Task<Reply> LeaveAsync()
    {
        var self = RequireJoined();
        await node.Grains.GetPeer(self).LeaveAsync(ConnectionId);
        _ended = true;
        return Reply.Left;
    }

    /// <summary>
    /// The client has handled the events up to <c>seq</c>: its session need keep them no longer. Not answered. The
    /// session hears on the next heartbeat, or at once when enough has been acknowledged since it last heard.
    /// </summary>
    private Reply Acknowledge(ClientRequest request)
    {
        RequireJoined();
        if (request.Seq is not { } seq)
        {
            throw new ProtocolException(ErrorCodes.InvalidMessage, "ack needs seq");
        }

        bool forwardNow;
        lock (_lock)
        {
            forwardNow = _acks.Take(seq, _sequencer.ReceivedUpTo);
        }

        if (forwardNow)
        {
            _ = ForwardAcknowledgementsAsync();
        }

        return Reply.Unanswered;
    }

    private async Task ForwardAcknowledgementsAsync()
    {
        try
        {
            await HeartbeatAsync();
        }
        catch (Exception ex)
        {
            // The next heartbeat carries it.
            SessionLog.HeartbeatFailed(logger, ex, ConnectionId);
        }
    }

    private Reply Stats(ClientRequest request)
    {
        RequireJoined();
        if (!request.HasPeers)
        {
            throw new ProtocolException(ErrorCodes.InvalidMessage, "stats needs peers");
        }

        node.Metrics.StatsReport();
        _roster.Report(request.Peers);
        return Reply.Ok;
    }

    /// <summary>One permit of this connection's request budget; a client that keeps going past it is closed.</summary>
    private void Admit()
    {
        if (node.RequestLimits.TryRequest(ConnectionId))
        {
            _strikes = 0;
            return;
        }

        if (++_strikes >= node.Limits.RateLimitStrikes)
        {
            CloseForAbuse(Abuse.RateLimited);
        }

        throw new ProtocolException(ErrorCodes.RateLimited, "too many requests; slow down");
    }

    private PeerId RequireJoined() =>
        IsJoined ? _session!.PeerId : throw new ProtocolException(ErrorCodes.NotJoined, "join a room first");

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
