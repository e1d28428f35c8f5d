using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Grains.Rooms;

/// <summary>What a moderator may do: change the room's settings, remove a member, ask a member's client to mute.</summary>
public sealed partial class RoomGrain
{
    public async Task<ModerationOutcome> ChangeSettingsAsync(PeerId by, bool? locked, bool? lobby)
    {
        if (Refusal(by, target: null) is { } refused)
        {
            return refused;
        }

        var previous = state.State.Settings;
        var settings = new RoomSettings(locked ?? previous.Locked, lobby ?? previous.Lobby);
        state.State.Settings = settings;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored, not changed: a room restored elsewhere would not have it.
            state.State.Settings = previous;
            throw;
        }

        Publish();
        RoomLog.SettingsChanged(logger, RoomName, by, settings.Locked, settings.Lobby);
        await NotifyAsync([.. Members], p => p.OnRoomUpdatedAsync(settings, by));
        return ModerationOutcome.Done;
    }

    public async Task<ModerationOutcome> KickAsync(PeerId by, PeerId target)
    {
        if (Refusal(by, target) is { } refused)
        {
            return refused;
        }

        RoomLog.KickedBy(logger, RoomName, by, target);
        await RemoveAsync(target, LeaveReason.Kicked, tellRemoved: true);
        return ModerationOutcome.Done;
    }

    public async Task<ModerationOutcome> ModerateAsync(PeerId by, PeerId target, ModerationAction action)
    {
        if (Refusal(by, target) is { } refused)
        {
            return refused;
        }

        await NotifyAsync([state.State.Find(target)!], p => p.OnModeratedAsync(action, by));
        return ModerationOutcome.Done;
    }

    /// <summary>
    /// Why <paramref name="by"/> may not act (on <paramref name="target"/>), or null. Its role is checked first, so a
    /// member learns nothing of who is in which room; a moderator may not name itself, as a signal may not.
    /// </summary>
    private ModerationOutcome? Refusal(PeerId by, PeerId? target)
    {
        if (state.State.Find(by) is not { } asking)
        {
            return ModerationOutcome.NotMember;
        }

        if (asking.Role != MemberRole.Moderator)
        {
            return ModerationOutcome.Forbidden;
        }

        return target is { } peer && (peer == by || !state.State.Contains(peer)) ? ModerationOutcome.UnknownPeer : null;
    }
}
