using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using MeshCall.Bench.Measure;
using MeshCall.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace MeshCall.Bench.Adapters;

/// <summary>MeshCall's SignalR hub (<c>/hubs/mesh</c>), one request object per method as PROTOCOL.md has it.</summary>
public sealed class MeshHubClient(int index, IClientEvents events) : HubClient(index, events)
{
    private EventAcks? _acks;

    public override async Task<Joined> JoinAsync(Uri server, string room, IPAddress source, CancellationToken cancellationToken)
    {
        // Sent without waiting (SendAsync, not InvokeAsync), as PROTOCOL.md asks: an ack is never answered.
        _acks = Acks ? new EventAcks(seq => Enqueue("Ack", new AckRequest(seq)), TimeProvider.System) : null;
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

            Handled(evt);
        });
        connection.On<JsonElement>("PeerJoined", evt =>
        {
            Events.OnPeerJoined(this, evt.GetProperty("peerId").GetString()!);
            Handled(evt);
        });
        connection.On<JsonElement>("PeerLeft", Handled);
        connection.On<JsonElement>("Error", evt =>
        {
            Events.OnError(this, evt.GetProperty("code").GetString()!);
            Handled(evt);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        _acks?.Dispose();
        await base.DisposeAsync();
    }

    private void OnRelayed(JsonElement evt)
    {
        if (Stamp.TryRead(JsonMarshal.GetRawUtf8Value(evt), out var stamp))
        {
            Events.OnSignal(this, stamp);
        }

        Handled(evt);
    }

    /// <summary>Every event carries <c>seq</c>; one read is one handled, and a later ack covers it.</summary>
    private void Handled(JsonElement evt)
    {
        if (_acks is not null && evt.TryGetProperty("seq", out var seq))
        {
            _acks.Handled(seq.GetInt64());
        }
    }

    private sealed record SignalRequest(string To, string Type, RawData Data);

    private sealed record BroadcastRequest(RawData Data);

    private sealed record AckRequest(long Seq);
}
