using System.Collections.Immutable;
using MeshCall.Contracts;
using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;
using MeshCall.Grains.Webhooks;
using Microsoft.Extensions.Options;

namespace MeshCall.Grains.Rooms;

/// <summary>
/// Membership of one room, stored on every change (in Redis in a cluster), so a room whose silo is lost comes
/// back on another with the same members. Deactivates and clears its state when the last member leaves and its
/// webhook events are settled, which is what "gone when empty" means.
/// </summary>
// Placed on the silo with the fewest activations (of two sampled): rooms and sessions spread evenly, and a silo
// that joins takes new ones until it has caught up.
[Orleans.Placement.ActivationCountBasedPlacement]
[KeepAlive]
public sealed partial class RoomGrain(
    ILogger<RoomGrain> logger,
    IOptions<RoomOptions> options,
    IClusterMembershipService membership,
    SiloMetrics metrics,
    WebhookSender sender,
    IOptions<WebhookOptions> webhookOptions,
    [PersistentState("room", MeshCallStorage.Name)] IPersistentState<RoomState> state) : Grain, IRoomGrain
{
    private MembershipVersion _seenMembership;

    // What GetRosterAsync answers: the roster as stored. It interleaves with a change being written, and a member
    // that took the version of a change then lost (a failed write, or this silo dying) would ignore the change that
    // really gets that number.
    private RoomRoster _published = new(0, []);
    private readonly SiloMetrics.Presence _counted = metrics.Room();

    private string RoomName => this.GetPrimaryKeyString();

    private List<RoomMember> Members => state.State.Members;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _seenMembership = membership.CurrentSnapshot.Version;
        Publish();
        if (Members.Count > 0)
        {
            // Restored after a silo was lost: members whose grains went with it must run their clocks again, and
            // members it had not told of its last change yet (it died telling them) must catch up.
            RoomLog.Restored(logger, RoomName, Members.Count);
            metrics.Restored("room");
            _counted.Set(true);
            WakeMembers();
        }

        ResumeWebhooks();

        // Sessions of this room on a silo that is lost come back only when called; a room notices the loss.
        this.RegisterGrainTimer(WatchAsync, new GrainTimerCreationOptions(WatchPeriod, WatchPeriod));
        return Task.CompletedTask;
    }

    public Task<RoomJoinOutcome> JoinAsync(PeerId peer, string name) => JoinAsync(peer, new MemberEntry(name));

    public async Task<RoomJoinOutcome> JoinAsync(PeerId peer, MemberEntry entry)
    {
        var maxPeers = options.Value.MaxPeers;
        var settings = state.State.Settings;
        if (state.State.Find(peer) is { } known)
        {
            return new RoomJoinOutcome(true, state.State.Version, Others(peer), maxPeers, settings, known.Role);
        }

        if (Members.Count >= maxPeers)
        {
            RoomLog.Full(logger, RoomName, maxPeers, peer);
            await RefuseTicketAsync(entry);
            return new RoomJoinOutcome(false, state.State.Version, [], maxPeers);
        }

        if (await GateAsync(peer, entry, maxPeers) is { } held)
        {
            return held;
        }

        var others = Others(peer);
        var member = new RoomMember(peer, entry.Name, entry.Role ?? RoleWithoutGrant(), entry.Subject);
        var queued = QueueJoined(Members.Count == 0, member);
        Members.Add(member);
        state.State.Version++;
        await EnsureWakingAsync(queued);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored, not admitted: the join fails as `unavailable` and the room is as it was.
            Members.Remove(member);
            state.State.Version--;
            Unqueue(queued);
            throw;
        }

        SendQueued(queued);

        var version = state.State.Version;
        Publish();
        _counted.Set(true);
        RoomLog.Joined(logger, peer, RoomName, Members.Count);

        // Awaited before the newcomer hears `joined`, so every member knows it before its first offer arrives.
        await NotifyAsync(others, p => p.OnPeerJoinedAsync(version, member));
        var knocks = member.Role == MemberRole.Moderator ? PendingKnocks() : [];
        return new RoomJoinOutcome(true, version, others, maxPeers, settings, member.Role, Knocks: knocks);
    }

    public Task LeaveAsync(PeerId peer, LeaveReason reason) => RemoveAsync(peer, reason, tellRemoved: false);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Leaving this silo (shutdown, or the room ended): another silo counts it when it comes back there.
        _counted.Set(false);
        return Task.CompletedTask;
    }

    public Task<RoomRoster> GetRosterAsync()
    {
        if (Idle)
        {
            // Asked about a room that has ended: no activation stays behind for it.
            DeactivateOnIdle();
        }

        return Task.FromResult(_published);
    }

    private TimeSpan WatchPeriod => TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, options.Value.ResumeWindow.Ticks / 10));

    private void Publish() => _published = new RoomRoster(state.State.Version, [.. Members], state.State.Settings);

    private ImmutableArray<RoomMember> Others(PeerId peer) => [.. Members.Where(m => m.PeerId != peer)];

    /// <summary>A leave is stored best effort: the member is gone either way, and an empty room with nothing left to send clears its state.</summary>
    private async Task SaveAsync()
    {
        try
        {
            if (Idle)
            {
                await state.ClearStateAsync();
            }
            else
            {
                await state.WriteStateAsync();
            }
        }
        catch (Exception ex)
        {
            RoomLog.SaveFailed(logger, ex, RoomName);
        }
    }

    private Task WatchAsync(CancellationToken cancellation)
    {
        var current = membership.CurrentSnapshot.Version;
        if (current != _seenMembership)
        {
            _seenMembership = current;
            WakeMembers();
        }

        return Lobby.Count > 0 ? ExpireLobbyAsync() : Task.CompletedTask;
    }

    private void WakeMembers()
    {
        var room = new RoomId(RoomName);
        foreach (var member in _published.Members)
        {
            // One-way: a member restoring itself may be asking this room for its roster right now.
            _ = GrainFactory.GetPeer(member.PeerId).WakeAsync(room, _published.Version);
        }
    }

    private async Task NotifyAsync(ImmutableArray<RoomMember> members, Func<IPeerGrain, Task> notify)
    {
        var calls = members.Select(async member =>
        {
            try
            {
                await notify(GrainFactory.GetPeer(member.PeerId));
            }
            catch (Exception ex)
            {
                // One unreachable member must not stop the others from hearing of the change.
                RoomLog.NotifyFailed(logger, ex, RoomName, member.PeerId);
            }
        });
        await Task.WhenAll(calls);
    }
}
