using MeshCall.Contracts.Peers;
using MeshCall.Contracts.Rooms;

namespace MeshCall.Grains.Peers;

/// <summary>
/// A member's copy of its room's roster (the others), kept current by numbered changes from the room grain,
/// so a relay can check "same room" without asking the room. Every change after a member's join reaches it
/// numbered one above the last, so a number skipped is a change missed (a notification that failed): the copy
/// is then <see cref="Stale"/> until it takes the room's own roster again.
/// </summary>
internal sealed class PeerRoster
{
    // A list, not a dictionary: a room holds a few members (Rooms:MaxPeers), and every session keeps this copy, where a
    // dictionary of three costs more than twice as much.
    private readonly List<RoomMember> _members = [];
    private List<(long Version, Action Apply)>? _early;
    private long _version = -1;

    public IEnumerable<PeerId> Others => _members.Select(m => m.PeerId);

    public IEnumerable<RoomMember> Members => _members;

    /// <summary>A change was applied over one or more that never arrived: the room must be read again.</summary>
    public bool Stale { get; private set; }

    public bool Contains(PeerId peer) => IndexOf(peer) >= 0;

    /// <summary>Whether the room, at <paramref name="roomVersion"/>, has changes this copy lacks.</summary>
    public bool IsBehind(long roomVersion) => Stale || roomVersion > _version;

    /// <summary>Starts from the room's answer to our join; changes that overtook it are applied after.</summary>
    public void Reset(long version, IEnumerable<RoomMember> others)
    {
        _members.Clear();
        foreach (var member in others)
        {
            Add(member);
        }

        _version = version;
        Stale = false;
        if (_early is not { } early)
        {
            return;
        }

        _early = null;
        foreach (var (v, apply) in early.OrderBy(e => e.Version))
        {
            if (v > _version)
            {
                Advance(v);
                apply();
            }
        }
    }

    /// <summary>
    /// Takes the room's roster at <paramref name="version"/> unless this copy is past it, and returns what that
    /// changed: the members it did not have, and those it had that are gone. Null when it was not taken.
    /// </summary>
    public (List<RoomMember> Joined, List<PeerId> Left, List<(RoomMember Was, RoomMember Now)> Updated)? Take(long version, IEnumerable<RoomMember> others)
    {
        if (version < _version)
        {
            return null;
        }

        var current = others.ToDictionary(m => m.PeerId);
        var left = _members.Where(m => !current.ContainsKey(m.PeerId)).Select(m => m.PeerId).ToList();
        var joined = current.Values.Where(m => !Contains(m.PeerId)).ToList();
        var updated = _members.Where(m => current.TryGetValue(m.PeerId, out var now) && !SameView(m, now))
            .Select(m => (m, current[m.PeerId])).ToList();
        _members.Clear();
        _members.AddRange(current.Values);

        _version = version;
        Stale = false;
        return (joined, left, updated);
    }

    public void Clear()
    {
        _members.Clear();
        _early = null;
        _version = -1;
        Stale = false;
    }

    /// <summary>Applies a change once, in version order; returns whether it was new.</summary>
    public bool TryApply(long version, Action apply, bool joining)
    {
        if (joining)
        {
            (_early ??= []).Add((version, apply));
            return false;
        }

        if (version <= _version)
        {
            return false;
        }

        Advance(version);
        apply();
        return true;
    }

    /// <summary>Adds a member; false if it was there already (its join was also in a roster taken from the room).</summary>
    public bool Add(RoomMember member)
    {
        if (Contains(member.PeerId))
        {
            return false;
        }

        _members.Add(member);
        return true;
    }

    /// <summary>Replaces a member that changed; returns what it was, or null if it is not here.</summary>
    public RoomMember? Update(RoomMember member)
    {
        var index = IndexOf(member.PeerId);
        if (index < 0)
        {
            return null;
        }

        var was = _members[index];
        _members[index] = member;
        return was;
    }

    public bool Remove(PeerId peer)
    {
        var index = IndexOf(peer);
        if (index < 0)
        {
            return false;
        }

        _members.RemoveAt(index);
        return true;
    }

    /// <summary>Whether a client told of <paramref name="a"/> knows <paramref name="b"/> too: what it is shown is the same.</summary>
    private static bool SameView(RoomMember a, RoomMember b) => a.Role == b.Role && SameAttributes(a, b);

    public static bool SameAttributes(RoomMember a, RoomMember b) =>
        ReferenceEquals(a.Attributes, b.Attributes) || (a.Attributes ?? []).AsSpan().SequenceEqual(b.Attributes);

    private int IndexOf(PeerId peer)
    {
        for (var i = 0; i < _members.Count; i++)
        {
            if (_members[i].PeerId == peer)
            {
                return i;
            }
        }

        return -1;
    }

    private void Advance(long version)
    {
        if (version > _version + 1)
        {
            Stale = true;
        }

        _version = version;
    }
}
