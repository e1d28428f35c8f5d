using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace MeshCall.Bench.PlainHub;

/// <summary>
/// The signaling hub a .NET developer writes first: groups for rooms, connection ids for peers, and
/// <c>Clients.Client(to)</c> to relay. One process, no cluster, no sessions: the baseline MeshCall is measured against.
/// </summary>
public sealed class RelayHub : Hub
{
    public const string Path = "/hub";

    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> Rooms = new();
    private static readonly ConcurrentDictionary<string, string> RoomOf = new();

    public sealed record JoinReply(string Id, string[] Peers);

    public async Task<JoinReply> Join(string room)
    {
        var members = Rooms.GetOrAdd(room, _ => new ConcurrentDictionary<string, byte>());
        var others = members.Keys.ToArray();
        members[Context.ConnectionId] = 0;
        RoomOf[Context.ConnectionId] = room;
        await Groups.AddToGroupAsync(Context.ConnectionId, room);
        await Clients.OthersInGroup(room).SendAsync("PeerJoined", Context.ConnectionId);
        return new JoinReply(Context.ConnectionId, others);
    }

    public Task Signal(string to, string type, JsonElement data) =>
        Clients.Client(to).SendAsync("Signal", Context.ConnectionId, type, data);

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (RoomOf.TryRemove(Context.ConnectionId, out var room) && Rooms.TryGetValue(room, out var members))
        {
            members.TryRemove(Context.ConnectionId, out _);
            await Clients.Group(room).SendAsync("PeerLeft", Context.ConnectionId);
        }

        await base.OnDisconnectedAsync(exception);
    }
}
