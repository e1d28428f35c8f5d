using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Runtime.InteropServices;
using MeshCall.Bench.Measure;
using Microsoft.AspNetCore.SignalR.Client;

namespace MeshCall.Bench.Adapters;

/// <summary>MeshCall's SignalR hub (<c>/hubs/mesh</c>), one request object per method as PROTOCOL.md has it.</summary>
public sealed class MeshHubClient(int index, IClientEvents events) : HubClient(index, events)
{
    public override async Task<Joined> JoinAsync(Uri server, string room, IPAddress source, CancellationToken cancellationToken)
    {
        await OpenAsync(new Uri(server, "hubs/mesh"), source, cancellationToken);
        var reply = await Connection.InvokeAsync<JsonElement>("Join", new { room, name = $"bench-{Index}" }, cancellationToken);
        PeerId = reply.GetProperty("peerId").GetString()!;
        var existing = reply.GetProperty("peers").EnumerateArray().Select(p => p.GetProperty("peerId").GetString()!).ToArray();
        return new Joined(PeerId, existing, OpenedAt, Stopwatch.GetTimestamp());
    }

    // Sent without an invocation id, as the plain hub's adapter does: no reply per signal, loss shows in the ledgers.
    public override void Send(string to, SignalKind kind, byte[] data) =>
        Enqueue("Signal", new SignalRequest(to, WireType(kind), new RawData(data)));

    public override void Broadcast(IReadOnlyList<string> mates, byte[] data) => Enqueue("Broadcast", new BroadcastRequest(new RawData(data)));

    protected override void Listen(HubConnection connection)
    {
        connection.On<JsonElement>("Signal", OnRelayed);
        connection.On<JsonElement>("Broadcast", OnRelayed);
        connection.On<JsonElement>("PeerState", evt =>
        {
            if (evt.GetProperty("state").ValueEquals("reconnecting"))
            {
                Events.OnPeerDropped(this, evt.GetProperty("peerId").GetString()!);
            }
        });
        connection.On<JsonElement>("PeerJoined", evt => Events.OnPeerJoined(this, evt.GetProperty("peerId").GetString()!));
        connection.On<JsonElement>("Error", evt => Events.OnError(this, evt.GetProperty("code").GetString()!));
    }

    private void OnRelayed(JsonElement evt)
    {
        if (Stamp.TryRead(JsonMarshal.GetRawUtf8Value(evt), out var stamp))
        {
            Events.OnSignal(this, stamp);
        }
    }

    private sealed record SignalRequest(string To, string Type, RawData Data);

    private sealed record BroadcastRequest(RawData Data);
}
