using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using MeshCall.Bench.Measure;
using MeshCall.Client;

namespace MeshCall.Bench.Adapters;

/// <summary>MeshCall's WebSocket JSON protocol (<c>/ws</c>), exactly as PROTOCOL.md has it.</summary>
public sealed class MeshWsClient(int index, IClientEvents events) : WebSocketClient(index, events)
{
    private static readonly byte[] SignalOp = "{\"op\":\"signal\""u8.ToArray();
    private static readonly byte[] BroadcastOp = "{\"op\":\"broadcast\""u8.ToArray();
    private static readonly byte[] OkOp = "{\"op\":\"ok\""u8.ToArray();
    private static readonly byte[] SeqField = "\"seq\":"u8.ToArray();
    private readonly TaskCompletionSource<Joined> _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private EventAcks? _acks;

    public override async Task<Joined> JoinAsync(Uri server, string room, IPAddress source, CancellationToken cancellationToken)
    {
        // The id tells a server older than acks apart: it refuses them, and this client then stops sending them.
        _acks = Acks ? new EventAcks(seq => Enqueue(Encoding.UTF8.GetBytes($$"""{"op":"ack","id":"ack","seq":{{seq}}}""")), TimeProvider.System) : null;
        await OpenAsync(new Uri(server, "ws"), source, cancellationToken);
        Enqueue(JsonSerializer.SerializeToUtf8Bytes(new { op = "join", id = "join", room, name = $"bench-{Index}" }));
        return await _joined.Task.WaitAsync(cancellationToken);
    }

    public override void Send(string to, SignalKind kind, byte[] data) =>
        EnqueueWithData($"{{\"op\":\"signal\",\"to\":\"{to}\",\"type\":\"{WireType(kind)}\",\"data\":", data);

    public override void Broadcast(IReadOnlyList<string> mates, byte[] data) => EnqueueWithData("{\"op\":\"broadcast\",\"data\":", data);

    protected override void OnMessage(ReadOnlySpan<byte> message)
    {
        // The hot ones first, by their opening bytes: the gateway writes `op` first.
        if (message.StartsWith(SignalOp) || message.StartsWith(BroadcastOp))
        {
            if (Stamp.TryRead(message, out var stamp))
            {
                Events.OnSignal(this, stamp);
            }

            // The gateway writes `seq` last, after `data`.
            var at = message.LastIndexOf(SeqField);
            if (_acks is not null && at >= 0 && Utf8Parser.TryParse(message[(at + SeqField.Length)..], out long seq, out _))
            {
                _acks.Handled(seq);
            }

            return;
        }

        if (message.StartsWith(OkOp))
        {
            return;
        }

        using var document = JsonDocument.Parse(message.ToArray());
        var root = document.RootElement;
        switch (root.GetProperty("op").GetString())
        {
            case "joined":
                PeerId = root.GetProperty("peerId").GetString()!;
                var existing = root.GetProperty("peers").EnumerateArray().Select(p => p.GetProperty("peerId").GetString()!).ToArray();
                _joined.TrySetResult(new Joined(PeerId, existing, OpenedAt, Stopwatch.GetTimestamp()));
                break;
            case "peer-joined":
                Events.OnPeerJoined(this, root.GetProperty("peerId").GetString()!);
                break;
            case "peer-state" when root.GetProperty("state").ValueEquals("reconnecting"):
                Events.OnPeerDropped(this, root.GetProperty("peerId").GetString()!);
                break;
            case "error" when root.TryGetProperty("id", out var id) && id.ValueEquals("ack"):
                _acks?.Stop();
                break;
            case "error":
                var code = root.GetProperty("code").GetString()!;
                if (root.TryGetProperty("id", out var joinId) && joinId.ValueEquals("join"))
                {
                    _joined.TrySetException(new InvalidOperationException($"join refused: {code}"));
                }

                Events.OnError(this, code);
                break;
        }

        if (root.TryGetProperty("seq", out var seqElement))
        {
            _acks?.Handled(seqElement.GetInt64());
        }
    }

    public override async ValueTask DisposeAsync()
    {
        _acks?.Dispose();
        await base.DisposeAsync();
    }
}
