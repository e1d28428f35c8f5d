using MeshCall.Contracts.Rooms;
using Microsoft.Extensions.Options;

namespace MeshCall.Gateway.Sessions;

/// <summary>How many rooms this gateway holds sessions of, within <c>Gateway:MaxRooms</c>.</summary>
public sealed class RoomQuota(IOptions<GatewayOptions> options)
{
    private readonly Dictionary<RoomId, int> _rooms = [];
    private readonly Lock _lock = new();

    /// <summary>Counts a session of <paramref name="room"/> here; false when that would be one room more than allowed.</summary>
    public bool TryHold(RoomId room)
    {
        lock (_lock)
        {
            if (!_rooms.ContainsKey(room) && _rooms.Count >= options.Value.MaxRooms)
            {
                return false;
            }

            _rooms[room] = _rooms.GetValueOrDefault(room) + 1;
            return true;
        }
    }

    public void Release(RoomId room)
    {
        lock (_lock)
        {
            if (_rooms.TryGetValue(room, out var n))
            {
                if (n <= 1)
                {
                    _rooms.Remove(room);
                }
                else
                {
                    _rooms[room] = n - 1;
                }
            }
        }
    }
}
