using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Grains.Rooms;

/// <summary>
/// Roles and member changes. The room is their authority: a change to a member is stored and numbered with the roster
/// version, like a join or a leave, so every member applies changes in one order and one that missed a change catches
/// up by reading the room (see PeerGrain.CatchUp.cs).
/// </summary>
public sealed partial class RoomGrain
{
    /// <summary>
    /// Without grants the room's first member is its moderator (any member while none is: it stays so after a
    /// hand-over), the rest are members.
    /// </summary>
    private MemberRole RoleWithoutGrant() =>
        Members.Exists(m => m.Role == MemberRole.Moderator) ? MemberRole.Member : MemberRole.Moderator;

    /// <summary>
    /// Removes a member and tells the others why (and the member itself when <paramref name="tellRemoved"/>: a kick
    /// ends its session). A room without grants that loses its last moderator makes its oldest member one.
    /// </summary>
    private async Task RemoveAsync(PeerId peer, LeaveReason reason, bool tellRemoved)
    {
        var index = Members.FindIndex(m => m.PeerId == peer);
        if (index < 0)
        {
            return;
        }

        var removed = Members[index];
        Members.RemoveAt(index);
        var version = ++state.State.Version;
        RoomLog.Left(logger, peer, RoomName, reason, Members.Count);
        var handOver = HandOverModeration();
        var queued = QueueLeft(peer, reason);
        await EnsureWakingAsync(queued);
        await SaveAsync();
        SendQueued(queued);
        Publish();
        await NotifyAsync(tellRemoved ? [.. Members, removed] : [.. Members], p => p.OnPeerLeftAsync(version, peer, reason));
        if (handOver is { } promoted)
        {
            await NotifyAsync([.. Members], p => p.OnMemberUpdatedAsync(promoted.Version, promoted.Member));
            await TellKnocksAsync(promoted.Member);
        }

        if (Members.Count == 0)
        {
            _counted.Set(false);

            // An ended room stays until the webhook events it owes are settled (see RoomGrain.Webhooks.cs), and while
            // anyone waits in its lobby.
            if (Idle)
            {
                DeactivateOnIdle();
            }
        }
    }

    /// <summary>
    /// When no moderator is left, the oldest member that joined without a grant becomes one (with grants on, roles come
    /// from grants only, and every member has one). The change takes the next roster version.
    /// </summary>
    private (long Version, RoomMember Member)? HandOverModeration()
    {
        if (Members.Exists(m => m.Role == MemberRole.Moderator))
        {
            return null;
        }

        var index = Members.FindIndex(m => m.Subject is null);
        if (index < 0)
        {
            return null;
        }

        var promoted = Members[index] with { Role = MemberRole.Moderator };
        Members[index] = promoted;
        RoomLog.RoleChanged(logger, promoted.PeerId, RoomName, promoted.Role);
        return (++state.State.Version, promoted);
    }

    public async Task<bool> SetAttributesAsync(PeerId peer, byte[]? attributes)
    {
        if (state.State.Find(peer) is not { } member)
        {
            return false;
        }

        await UpdateMemberAsync(member with { Attributes = attributes });
        return true;
    }

    /// <summary>
    /// Replaces a member (its role or attributes changed), stores it as the next roster change, and tells every member,
    /// that one too. Not stored, it is not made: the room is as it was and the caller fails.
    /// </summary>
    private async Task UpdateMemberAsync(RoomMember updated)
    {
        var index = Members.FindIndex(m => m.PeerId == updated.PeerId);
        var previous = Members[index];
        Members[index] = updated;
        var version = ++state.State.Version;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            Members[index] = previous;
            state.State.Version--;
            throw;
        }

        Publish();
        await NotifyAsync([.. Members], p => p.OnMemberUpdatedAsync(version, updated));
    }
}
