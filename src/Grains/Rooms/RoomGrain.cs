using System.Collections.Immutable;
using MeshCall.Peers;
using Microsoft.Extensions.Options;

namespace MeshCall.Rooms;

/// <summary>
/// Membership of one room. Kept active while it has members (rooms live in memory only); deactivates when
/// the last member leaves, which is what "gone when empty" means.
/// </summary>
[KeepAlive]
public sealed class RoomGrain(ILogger<RoomGrain> logger, IOptions<RoomOptions> options) : Grain, IRoomGrain
{
    private readonly List<RoomMember> _members = [];
    private long _version;

    private string RoomName => this.GetPrimaryKeyString();

    public async Task<RoomJoinOutcome> JoinAsync(PeerId peer, string name)
    {
        var maxPeers = options.Value.MaxPeers;
        if (_members.Exists(m => m.PeerId == peer))
        {
            return new RoomJoinOutcome(true, _version, Others(peer), maxPeers);
        }

        if (_members.Count >= maxPeers)
        {
            RoomLog.Full(logger, RoomName, maxPeers, peer);
            return new RoomJoinOutcome(false, _version, [], maxPeers);
        }

        var others = Others(peer);
        var member = new RoomMember(peer, name);
        _members.Add(member);
        var version = ++_version;
        RoomLog.Joined(logger, peer, RoomName, _members.Count);

        // Awaited before the newcomer hears `joined`, so every member knows it before its first offer arrives.
        await NotifyAsync(others, p => p.OnPeerJoinedAsync(version, member));
        return new RoomJoinOutcome(true, version, others, maxPeers);
    }

    public async Task LeaveAsync(PeerId peer, LeaveReason reason)
    {
        if (_members.RemoveAll(m => m.PeerId == peer) == 0)
        {
            return;
        }

        var version = ++_version;
        RoomLog.Left(logger, peer, RoomName, reason, _members.Count);
        await NotifyAsync(_members.ToImmutableArray(), p => p.OnPeerLeftAsync(version, peer, reason));
        if (_members.Count == 0)
        {
            DeactivateOnIdle();
        }
    }

    public Task<ImmutableArray<RoomMember>> GetMembersAsync() => Task.FromResult(_members.ToImmutableArray());

    private ImmutableArray<RoomMember> Others(PeerId peer) => [.. _members.Where(m => m.PeerId != peer)];

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
