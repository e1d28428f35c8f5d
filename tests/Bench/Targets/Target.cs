using MeshCall.Bench.Adapters;

namespace MeshCall.Bench.Targets;

/// <summary>A server and the protocol adapter its clients speak: one column of every results table.</summary>
/// <param name="SlowMemberHoldsOthers">
/// A member that does not read holds its room mates' messages back: the plain hub awaits each send, and runs one call
/// per connection at a time. slow-consumer reports it; the smoke run does not expect their delivery meanwhile.
/// </param>
/// <param name="KeepsEvents">Sessions keep their events for a resume (MeshCall): what retention measures; the others keep none.</param>
public sealed record Target(string Name, string Description, Func<Task<ServerUnderTest>> StartAsync, Func<int, IClientEvents, BenchClient> NewClient, bool HasRoster,
    bool SlowMemberHoldsOthers = false, bool KeepsEvents = false)
{
    public static readonly IReadOnlyList<Target> All =
    [
        new("meshcall-ws", "MeshCall embedded (1 process), /ws", Servers.MeshCallEmbeddedAsync, (i, e) => new MeshWsClient(i, e), true, KeepsEvents: true),
        new("meshcall-hub", "MeshCall embedded (1 process), SignalR hub", Servers.MeshCallEmbeddedAsync, (i, e) => new MeshHubClient(i, e), true, KeepsEvents: true),
        new("cluster-ws", "MeshCall cluster (2 silos + 2 gateways + redis), /ws, every signal crosses gateways", Servers.MeshCallClusterAsync,
            (i, e) => new MeshWsClient(i, e), true, KeepsEvents: true),
        new("cluster-hub", "MeshCall cluster (2 silos + 2 gateways + redis), SignalR hub, every signal crosses gateways", Servers.MeshCallClusterAsync,
            (i, e) => new MeshHubClient(i, e), true, KeepsEvents: true),
        new("peerjs", "PeerJS server 1.0.2 (node), its WebSocket protocol", Servers.PeerJsAsync, (i, e) => new PeerJsClient(i, e), false),
        new("plain-hub", "Plain ASP.NET Core SignalR hub (1 process), Clients.Client(id)", Servers.PlainHubAsync, (i, e) => new PlainHubClient(i, e), true, SlowMemberHoldsOthers: true),
    ];

    public static IReadOnlyList<Target> Select(string names) => names == "all"
        ? All
        : [.. names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => All.FirstOrDefault(t => t.Name == n) ?? throw new ArgumentException($"unknown target {n}; known: {string.Join(", ", All.Select(t => t.Name))}"))];
}
