using MeshCall.Contracts.Peers;
using Orleans.Concurrency;

namespace MeshCall.Contracts.Rooms;

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

    /// <summary>The members, oldest first, and the roster version they are at.</summary>
    /// <remarks>Interleaves: a member restoring its session asks while the room may be waiting on it.</remarks>
    [AlwaysInterleave, Alias("GetRoster")]
    Task<RoomRoster> GetRosterAsync();
}
