using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using MeshCall.Bench.Measure;
using MeshCall.Bench.PlainHub;
using Microsoft.AspNetCore.SignalR.Client;

namespace MeshCall.Bench.Adapters;

/// <summary>The reference hub (<see cref="RelayHub"/>): positional arguments, connection ids as peer ids.</summary>
public sealed class PlainHubClient(int index, IClientEvents events) : HubClient(index, events)
{
    public override async Task<Joined> JoinAsync(Uri server, string room, IPAddress source, CancellationToken cancellationToken)
    {
        await OpenAsync(new Uri(server, RelayHub.Path.TrimStart('/')), source, cancellationToken);
        var reply = await Connection.InvokeAsync<RelayHub.JoinReply>(nameof(RelayHub.Join), room, cancellationToken);
        PeerId = reply.Id;
        return new Joined(PeerId, reply.Peers, OpenedAt, Stopwatch.GetTimestamp());
    }

    public override void Send(string to, SignalKind kind, byte[] data) =>
        Enqueue(nameof(RelayHub.Signal), to, WireType(kind), new RawData(data));

    protected override void Listen(HubConnection connection)
    {
        connection.On<string, string, JsonElement>("Signal", (_, _, data) =>
        {
            if (Stamp.TryRead(JsonMarshal.GetRawUtf8Value(data), out var stamp))
            {
                Events.OnSignal(this, stamp);
            }
        });
        connection.On<string>("PeerJoined", peer => Events.OnPeerJoined(this, peer));
        connection.On<string>("PeerLeft", peer => Events.OnPeerDropped(this, peer));
    }
}
