using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Contracts;

/// <summary>
/// How PROTOCOL.md spells the values that both clients and the application's backend (webhooks) are told, so the
/// gateway and the silo cannot spell them differently.
/// </summary>
public static class ProtocolNames
{
    public static string Of(MemberRole role) => role == MemberRole.Moderator ? "moderator" : "member";

    public static string Of(ModerationAction action) => action == ModerationAction.CameraOff ? "camera-off" : "mute";

    public static string Of(LeaveReason reason) => reason switch
    {
        LeaveReason.Timeout => "timeout",
        LeaveReason.Kicked => "kicked",
        _ => "left",
    };
}
