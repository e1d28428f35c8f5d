using System.Diagnostics;
using System.Net;
using System.Text.Json;
using MeshCall.Bench.Measure;

namespace MeshCall.Bench.Adapters;

/// <summary>
/// The PeerJS server's protocol, as the PeerJS browser client speaks it: the client picks its id and connects to
/// <c>/peerjs?key=&amp;id=&amp;token=</c>; the server answers <c>OPEN</c>, and relays <c>OFFER</c>/<c>ANSWER</c>/
/// <c>CANDIDATE</c> to <c>dst</c>, stamped with <c>src</c>. It has no rooms, so "joined" is <c>OPEN</c> and the
/// scenario tells each client its room mates; there are no roster events to count.
/// </summary>
public sealed class PeerJsClient(int index, IClientEvents events) : WebSocketClient(index, events)
{
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5); // the PeerJS client's own
    private static readonly byte[] Heartbeat = "{\"type\":\"HEARTBEAT\"}"u8.ToArray();
    private readonly TaskCompletionSource<Joined> _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Timer? _heartbeat;

    public override async Task<Joined> JoinAsync(Uri server, string room, IPAddress source, CancellationToken cancellationToken)
    {
        PeerId = $"{room}-{Index}-{Guid.NewGuid():N}";
        var uri = new Uri(server, $"peerjs?key=peerjs&id={PeerId}&token={Guid.NewGuid():N}");
        await OpenAsync(uri, source, cancellationToken);
        var joined = await _open.Task.WaitAsync(cancellationToken);
        _heartbeat = new Timer(_ => Enqueue(Heartbeat), null, HeartbeatInterval, HeartbeatInterval);
        return joined;
    }

    public override void Send(string to, SignalKind kind, byte[] data) =>
        EnqueueWithData($"{{\"type\":\"{WireType(kind).ToUpperInvariant()}\",\"dst\":\"{to}\",\"payload\":", data);

    protected override void OnMessage(ReadOnlySpan<byte> message)
    {
        if (Stamp.TryRead(message, out var stamp))
        {
            Events.OnSignal(this, stamp);
            return;
        }

        using var document = JsonDocument.Parse(message.ToArray());
        switch (document.RootElement.GetProperty("type").GetString())
        {
            case "OPEN":
                _open.TrySetResult(new Joined(PeerId, [], OpenedAt, Stopwatch.GetTimestamp()));
                break;
            case "ERROR" or "ID-TAKEN":
                _open.TrySetException(new InvalidOperationException($"PeerJS refused: {document.RootElement.GetRawText()}"));
                Events.OnError(this, "refused");
                break;
            case "EXPIRE" or "LEAVE":
                Events.OnError(this, "expired");
                break;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_heartbeat is not null)
        {
            await _heartbeat.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
