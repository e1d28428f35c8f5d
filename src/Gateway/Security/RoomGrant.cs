using MeshCall.Contracts.Rooms;

namespace MeshCall.Gateway.Security;

/// <summary>What a valid JWT grants: a room (or <c>*</c>, any), who the holder is, and whether it may kick.</summary>
public sealed record RoomGrant(string Room, string Subject, string? Name, bool Admin)
{
    public const string AnyRoom = "*";

    public bool Allows(RoomId room) => Room == AnyRoom || Room == room.Value;
}
