using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace MeshCall.Bench.PlainHub;

/// <summary>
/// The signaling hub a .NET developer writes first: an in-memory room list, connection ids for peers, and
/// <c>Clients.Client(to)</c> to relay. One process, no cluster, no sessions: the baseline MeshCall is measured against.
/// </summary>
/// <remarks>
/// The first version used SignalR groups and <c>OthersInGroup</c>; two members joining at once then heard of each
/// other twice (the smoke run caught it). A newcomer now tells exactly the members it found, taken under the room's lock.
/// </remarks>
public sealed class RelayHub : Hub
{
    public const string Path = "/hub";

    private static readonly ConcurrentDictionary<string, HashSet<string>> Rooms = new();
    private static readonly ConcurrentDictionary<string, string> RoomOf = new();

    public sealed record JoinReply(string Id, string[] Peers);

    public async Task<JoinReply> Join(string room)
    {
        var members = Rooms.GetOrAdd(room, _ => []);
        string[] others;
        lock (members)
        {
            others = [.. members];
            members.Add(Context.ConnectionId);
        }

        RoomOf[Context.ConnectionId] = room;
        await Clients.Clients(others).SendAsync("PeerJoined", Context.ConnectionId);
        return new JoinReply(Context.ConnectionId, others);
    }

    public Task Signal(string to, string type, JsonElement data) =>
        Clients.Client(to).SendAsync("Signal", Context.ConnectionId, type, data);

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (RoomOf.TryRemove(Context.ConnectionId, out var room) && Rooms.TryGetValue(room, out var members))
        {
            string[] others;
            lock (members)
            {
                members.Remove(Context.ConnectionId);
                others = [.. members];
            }

            await Clients.Clients(others).SendAsync("PeerLeft", Context.ConnectionId);
        }

        await base.OnDisconnectedAsync(exception);
    }
}
