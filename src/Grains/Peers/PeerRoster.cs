using MeshCall.Rooms;

namespace MeshCall.Peers;

/// <summary>
/// A member's copy of its room's roster (the others), kept current by numbered changes from the room grain,
/// so a relay can check "same room" without asking the room.
/// </summary>
internal sealed class PeerRoster
{
    private readonly Dictionary<PeerId, RoomMember> _members = [];
    private readonly List<(long Version, Action Apply)> _early = [];
    private long _version = -1;

    public IEnumerable<PeerId> Others => _members.Keys;

    public bool Contains(PeerId peer) => _members.ContainsKey(peer);

    /// <summary>Starts from the room's answer to our join; changes that overtook it are applied after.</summary>
    public void Reset(long version, IEnumerable<RoomMember> others)
    {
        _members.Clear();
        foreach (var member in others)
        {
            _members[member.PeerId] = member;
        }

        _version = version;
        foreach (var (v, apply) in _early.OrderBy(e => e.Version))
        {
            if (v > _version)
            {
                _version = v;
                apply();
            }
        }

        _early.Clear();
    }

    public void Clear()
    {
        _members.Clear();
        _early.Clear();
        _version = -1;
    }

    /// <summary>Applies a change once, in version order; returns whether it was new.</summary>
    public bool TryApply(long version, Action apply, bool joining)
    {
        if (joining)
        {
            _early.Add((version, apply));
            return false;
        }

        if (version <= _version)
        {
            return false;
        }

        _version = version;
        apply();
        return true;
    }

    public void Add(RoomMember member) => _members[member.PeerId] = member;

    public void Remove(PeerId peer) => _members.Remove(peer);
}
