using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;
using MeshCall.Gateway.Protocol;

namespace MeshCall.Gateway.Sessions;

/// <summary>
/// A member's requests about its room: its own attributes, and a moderator's settings, kick, moderate. The room decides
/// them (it alone knows who moderates); the gateway only checks the fields, so a bad request costs no grain call.
/// </summary>
internal static class SessionModeration
{
    public static async Task<Reply> SetAttributesAsync(MeshSession session, ClientRequest request)
    {
        var self = session.RequireJoined();
        if (!request.HasAttributes)
        {
            throw new ProtocolException(ErrorCodes.InvalidMessage, "set-attributes needs attributes, a JSON object");
        }

        return await session.Context.Grains.GetPeer(self).SetAttributesAsync(request.Attributes)
            ? Reply.Ok
            : throw new ProtocolException(ErrorCodes.NotJoined, "your session is no longer in its room");
    }

    public static async Task<Reply> RoomSettingsAsync(MeshSession session, ClientRequest request)
    {
        var self = session.RequireJoined();
        if (request.Locked is null && request.Lobby is null)
        {
            throw new ProtocolException(ErrorCodes.InvalidMessage, "room-settings needs locked or lobby");
        }

        return Answer(await session.Context.Grains.GetPeer(self).ChangeRoomSettingsAsync(request.Locked, request.Lobby));
    }

    public static async Task<Reply> KickAsync(MeshSession session, ClientRequest request)
    {
        var self = session.RequireJoined();
        var target = Target(request);
        return Answer(await session.Context.Grains.GetPeer(self).KickPeerAsync(target));
    }

    public static async Task<Reply> ModerateAsync(MeshSession session, ClientRequest request)
    {
        var self = session.RequireJoined();
        var target = Target(request);
        var action = request.Action switch
        {
            "mute" => ModerationAction.Mute,
            "camera-off" => ModerationAction.CameraOff,
            _ => throw new ProtocolException(ErrorCodes.InvalidMessage, "action must be mute or camera-off"),
        };
        return Answer(await session.Context.Grains.GetPeer(self).ModeratePeerAsync(target, action));
    }

    /// <summary>
    /// The peer a request names. One that cannot be an id is still sent to the room as no member's: a member must be
    /// told <c>forbidden</c> whatever it names, and only the room knows it is one.
    /// </summary>
    private static PeerId Target(ClientRequest request)
    {
        if (request.PeerId is null)
        {
            throw new ProtocolException(ErrorCodes.InvalidMessage, $"{request.Op} needs peerId");
        }

        return PeerId.TryParse(request.PeerId, out var target) ? target : new PeerId(string.Empty);
    }

    private static Reply Answer(ModerationOutcome outcome) => outcome switch
    {
        ModerationOutcome.Done => Reply.Ok,
        ModerationOutcome.Forbidden => throw new ProtocolException(ErrorCodes.Forbidden, "only a moderator of the room may do that"),
        ModerationOutcome.UnknownPeer => throw new ProtocolException(ErrorCodes.UnknownPeer, "no such peer in your room"),
        _ => throw new ProtocolException(ErrorCodes.NotJoined, "your session is no longer in its room"),
    };
}
