using MeshCall.Contracts.Peers;
using Orleans.Concurrency;

namespace MeshCall.Contracts.Rooms;

/// <summary>A room (keyed by its <see cref="RoomId"/>): membership, capacity, and the roster in join order.</summary>
[Alias("meshcall.IRoomGrain")]
public interface IRoomGrain : IGrainWithStringKey
{
    /// <summary>Admits a peer without a grant (as <see cref="JoinAsync(PeerId, MemberEntry)"/>); stays for silos of the previous version.</summary>
    [Alias("Join")]
    Task<RoomJoinOutcome> JoinAsync(PeerId peer, string name);

    /// <summary>
    /// Admits a peer if there is room and the room is not locked (a moderator's grant enters a locked room), and tells
    /// the other members. Without a grant's role, the room's first member is its moderator.
    /// </summary>
    [Alias("JoinAs")]
    Task<RoomJoinOutcome> JoinAsync(PeerId peer, MemberEntry entry);

    /// <summary>
    /// Replaces a member's attributes (raw UTF-8 JSON, null for none) and tells every member; false for a non-member.
    /// </summary>
    [Alias("SetAttributes")]
    Task<bool> SetAttributesAsync(PeerId peer, [Immutable] byte[]? attributes);

    /// <summary>A moderator (<paramref name="by"/>) changes the settings it names; every member hears of it.</summary>
    [Alias("ChangeSettings")]
    Task<ModerationOutcome> ChangeSettingsAsync(PeerId by, bool? locked, bool? lobby);

    /// <summary>A moderator removes a member: its connection is closed, the others see it leave as <c>kicked</c>.</summary>
    [Alias("KickMember")]
    Task<ModerationOutcome> KickAsync(PeerId by, PeerId target);

    /// <summary>A moderator asks a member's client to mute or stop its camera; only that member hears of it.</summary>
    [Alias("Moderate")]
    Task<ModerationOutcome> ModerateAsync(PeerId by, PeerId target, ModerationAction action);

    /// <summary>
    /// A moderator (<paramref name="by"/>) admits or denies someone waiting in the lobby: the waiting client's gateway
    /// is told, the other moderators get <c>knock-withdrawn</c>.
    /// </summary>
    [Alias("AnswerKnock")]
    Task<ModerationOutcome> AnswerKnockAsync(PeerId by, string lobbyId, bool admit);

    /// <summary>A waiting client left or dropped: its entry is gone, and moderators it knocked on hear so.</summary>
    [Alias("Withdraw")]
    Task WithdrawAsync(string lobbyId);

    /// <summary>The waiting client's gateway proves it is still there; false when the room no longer has the entry.</summary>
    [Alias("LobbyBeat")]
    Task<bool> LobbyBeatAsync(string lobbyId);

    /// <summary>Removes a peer and tells the others why; a no-op for a non-member.</summary>
    [Alias("Leave")]
    Task LeaveAsync(PeerId peer, LeaveReason reason);

    /// <summary>The members, oldest first, and the roster version they are at.</summary>
    /// <remarks>Interleaves: a member restoring its session asks while the room may be waiting on it.</remarks>
    [AlwaysInterleave, Alias("GetRoster")]
    Task<RoomRoster> GetRosterAsync();
}
