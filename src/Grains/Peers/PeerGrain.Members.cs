using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Grains.Peers;

/// <summary>
/// Roles and moderation as a session sees them: changes to members arrive numbered with the roster (see
/// PeerGrain.Roster.cs), a moderator's requests go to the room, which decides them, and a kick ends the session.
/// </summary>
public sealed partial class PeerGrain
{
    // This member's own role, as the room last told it: a change to it is told to its client too.
    private MemberRole _role;

    public Task OnMemberUpdatedAsync(long rosterVersion, RoomMember member)
    {
        if (Room is null && !_joining)
        {
            return Task.CompletedTask;
        }

        _roster.TryApply(rosterVersion, () =>
        {
            if (member.PeerId == Self)
            {
                TellOwnRole(member.Role);
            }
            else if (_roster.Update(member) is { } was)
            {
                TellChange(was, member);
            }
        }, _joining);
        ResyncIfStale();
        return Task.CompletedTask;
    }

    public Task OnRoomUpdatedAsync(RoomSettings settings, PeerId by)
    {
        if (Room is not null)
        {
            Push(new RoomUpdatedEvent(settings, by));
        }

        return Task.CompletedTask;
    }

    public Task OnModeratedAsync(ModerationAction action, PeerId by)
    {
        if (Room is not null)
        {
            Push(new ModerationEvent(action, by));
        }

        return Task.CompletedTask;
    }

    public Task<bool> SetAttributesAsync(byte[]? attributes) =>
        Room is { } room ? GrainFactory.GetRoom(room).SetAttributesAsync(Self, attributes) : Task.FromResult(false);

    public Task<ModerationOutcome> ChangeRoomSettingsAsync(bool? locked, bool? lobby) =>
        Room is { } room ? GrainFactory.GetRoom(room).ChangeSettingsAsync(Self, locked, lobby) : NotMember;

    public Task<ModerationOutcome> KickPeerAsync(PeerId target) =>
        Room is { } room ? GrainFactory.GetRoom(room).KickAsync(Self, target) : NotMember;

    public Task<ModerationOutcome> ModeratePeerAsync(PeerId target, ModerationAction action) =>
        Room is { } room ? GrainFactory.GetRoom(room).ModerateAsync(Self, target, action) : NotMember;

    private static Task<ModerationOutcome> NotMember => Task.FromResult(ModerationOutcome.NotMember);

    private static PeerJoinedEvent Joined(RoomMember member) => new(member.PeerId, member.Name, member.Role, member.Attributes);

    /// <summary>What the client is told of a change to another member.</summary>
    private void TellChange(RoomMember was, RoomMember now)
    {
        if (was.Role != now.Role)
        {
            Push(new RoleChangedEvent(now.PeerId, now.Role));
        }

        if (!PeerRoster.SameAttributes(was, now))
        {
            Push(new PeerUpdatedEvent(now.PeerId, now.Attributes));
        }
    }

    private void TellOwnRole(MemberRole role)
    {
        if (role != _role)
        {
            _role = role;
            Push(new RoleChangedEvent(Self, role));
        }
    }

    /// <summary>A moderator removed this member: the room has let it go already, so the session only ends.</summary>
    private async Task EndRemovedAsync()
    {
        if (Room is not { } room)
        {
            return;
        }

        if (_connection is { } connection)
        {
            _ = connection.Observer.CloseAsync(connection.ConnectionId, CloseReason.Kicked);
        }

        PeerLog.Kicked(logger, Self.Value, room.Value);
        await EndSessionAsync();
    }
}
