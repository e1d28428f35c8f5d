using System.Collections.Immutable;
using System.Text.Json;

namespace MeshCall.Client;

/// <summary>
/// A session's view of its room: its own role and attributes, the room's settings, and each other member with its
/// role and attributes. Each <c>joined</c> (the first, and the one after every resume) gives it afresh; the events
/// after it, replayed or new, bring it up to date in the order they happened.
/// </summary>
internal sealed class SessionRoster
{
    private readonly Lock _lock = new();
    private string? _self;
    private string _role = MemberRoles.Member;
    private RoomSettings _settings = RoomSettings.Open;
    private ImmutableDictionary<string, RemotePeer> _peers = ImmutableDictionary<string, RemotePeer>.Empty;
    private JsonElement _attributes = MemberRoles.NoAttributes;

    public string Role
    {
        get
        {
            lock (_lock)
            {
                return _role;
            }
        }
    }

    public RoomSettings Settings
    {
        get
        {
            lock (_lock)
            {
                return _settings;
            }
        }
    }

    public IReadOnlyDictionary<string, RemotePeer> Peers
    {
        get
        {
            lock (_lock)
            {
                return _peers;
            }
        }
    }

    /// <summary>
    /// Ours as last accepted by the server. A <c>joined</c> does not repeat them: the server keeps them across a
    /// resume, and so does this.
    /// </summary>
    public JsonElement Attributes
    {
        get
        {
            lock (_lock)
            {
                return _attributes;
            }
        }

        set
        {
            lock (_lock)
            {
                _attributes = value;
            }
        }
    }

    public void Reset(JoinedRoom joined)
    {
        lock (_lock)
        {
            _self = joined.PeerId;
            _role = joined.Role;
            _settings = joined.Settings;
            _peers = joined.Peers.ToImmutableDictionary(peer => peer.PeerId);
        }
    }

    public void Apply(MeshEvent evt)
    {
        var body = evt.Body;
        lock (_lock)
        {
            switch (evt.Op)
            {
                case "peer-joined":
                    var arrived = RemotePeer.Read(body);
                    _peers = _peers.SetItem(arrived.PeerId, arrived);
                    break;
                case "peer-left":
                    _peers = _peers.Remove(body.GetProperty("peerId").GetString()!);
                    break;
                case "role-changed":
                    var (peerId, role) = (body.GetProperty("peerId").GetString()!, body.GetProperty("role").GetString()!);
                    if (peerId == _self)
                    {
                        _role = role;
                    }
                    else if (_peers.TryGetValue(peerId, out var changed))
                    {
                        _peers = _peers.SetItem(peerId, changed with { Role = role });
                    }

                    break;
                case "room-updated":
                    _settings = RoomSettings.Read(body.GetProperty("settings"));
                    break;
                case "peer-updated":
                    var update = PeerUpdate.Read(body);
                    if (_peers.TryGetValue(update.PeerId, out var updated))
                    {
                        _peers = _peers.SetItem(update.PeerId, updated with { Attributes = update.Attributes });
                    }

                    break;
            }
        }
    }
}
