using MeshCall.Gateway.Protocol;
using MeshCall.Peers;

namespace MeshCall.Gateway.Sessions;

/// <summary>A joined connection's requests: signals, broadcasts, leave and stats, within its request budget.</summary>
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
        // Answered here for anyone not in the room: a stray id costs the cluster nothing (no call, no activation).
        if (!Peers.PeerId.TryParse(request.To, out var to) || !_roster.Contains(to))
        {
            throw UnknownPeer();
        }

        var outcome = await node.Grains.GetPeer(to).DeliverSignalAsync(self, type, request.Data, request.MsgId, DateTime.UtcNow.Ticks).WaitAsync(node.Options.SignalTimeout);
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
