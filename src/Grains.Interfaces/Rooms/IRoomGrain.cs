using System.Collections.Immutable;
using MeshCall.Peers;

namespace MeshCall.Rooms;

/// <summary>A room (keyed by its <see cref="RoomId"/>): membership, capacity, and the roster in join order.</summary>
[Alias("meshcall.IRoomGrain")]
public interface IRoomGrain : IGrainWithStringKey
{
    /// <summary>Admits a peer if there is room, and tells the other members.</summary>
    [Alias("Join")]
    Task<RoomJoinOutcome> JoinAsync(PeerId peer, string name);

    /// <summary>Removes a peer and tells the others why; a no-op for a non-member.</summary>
    [Alias("Leave")]
    Task LeaveAsync(PeerId peer, LeaveReason reason);

    /// <summary>The members, oldest first.</summary>
    [Alias("GetMembers")]
    Task<ImmutableArray<RoomMember>> GetMembersAsync();
}
