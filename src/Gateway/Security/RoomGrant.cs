using MeshCall.Contracts.Rooms;

namespace MeshCall.Gateway.Security;

/// <summary>
/// What a valid JWT grants: a room (or <c>*</c>, any), who the holder is, its role in the room, and whether it may
/// use the admin API.
/// </summary>
public sealed record RoomGrant(string Room, string Subject, string? Name, bool Admin, MemberRole Role = MemberRole.Member)
{
    public const string AnyRoom = "*";

    public bool Allows(RoomId room) => Room == AnyRoom || Room == room.Value;

    /// <summary>A grant's <c>role</c> claim: absent is a member; anything but these two makes the grant invalid.</summary>
    public static MemberRole? ParseRole(string? role) => role switch
    {
        null => MemberRole.Member,
        "member" => MemberRole.Member,
        "moderator" => MemberRole.Moderator,
        _ => null,
    };
}
