using MeshCall.Bench.Measure;

namespace MeshCall.Bench.Adapters;

/// <summary>What a scenario is told by the client it drives; called on that client's receive loop, one at a time.</summary>
public interface IClientEvents
{
    void OnSignal(BenchClient receiver, Stamp stamp);

    void OnPeerJoined(BenchClient receiver, string peerId);

    /// <summary>The server refused a request (its error code), which the scenario counts.</summary>
    void OnError(BenchClient receiver, string code);

    /// <summary>The server says a room mate's connection is gone (MeshCall: <c>peer-state</c> <c>reconnecting</c>; the plain hub: <c>PeerLeft</c>).</summary>
    void OnPeerDropped(BenchClient receiver, string peerId)
    {
    }
}

/// <summary>A room the client joined: its own id, the members already there, and when the socket opened and the join came back.</summary>
public sealed record Joined(string PeerId, IReadOnlyList<string> Existing, long OpenedAt, long JoinedAt);

/// <summary>
/// One simulated participant speaking one server's protocol. Every adapter connects through the same
/// <see cref="Connector"/>, sends without waiting (open loop: a send is queued and written by one writer) and reads
/// the benchmark <see cref="Stamp"/> out of what it receives the same way, so the client-side cost is alike.
/// </summary>
public abstract class BenchClient(int index, IClientEvents events) : IAsyncDisposable
{
    public int Index { get; } = index;

    public string PeerId { get; protected set; } = "";

    protected IClientEvents Events { get; } = events;

    /// <summary>Set before joining to make a client that can stop reading its connection (see <see cref="ReadGate"/>).</summary>
    public ReadGate? Gate { get; set; }

    /// <summary>
    /// Whether a MeshCall client acknowledges the events it has read (PROTOCOL.md <c>ack</c>), as its own libraries do.
    /// Set false before joining for a client that never does, like one written before acks; other servers have none.
    /// </summary>
    public bool Acks { get; set; } = true;

    /// <summary>Opens a connection to <paramref name="server"/> from <paramref name="source"/> and joins <paramref name="room"/>.</summary>
    public abstract Task<Joined> JoinAsync(Uri server, string room, System.Net.IPAddress source, CancellationToken cancellationToken);

    /// <summary>Queues an addressed signal whose <c>data</c> is <paramref name="data"/> (a JSON object).</summary>
    public abstract void Send(string to, SignalKind kind, byte[] data);

    /// <summary>
    /// Queues <paramref name="data"/> for every other member of the room (<paramref name="mates"/>, as the scenario
    /// knows them): one addressed signal each, unless the server has a broadcast of its own.
    /// </summary>
    public virtual void Broadcast(IReadOnlyList<string> mates, byte[] data)
    {
        foreach (var mate in mates)
        {
            Send(mate, SignalKind.Candidate, data);
        }
    }

    public abstract ValueTask DisposeAsync();

    protected static string WireType(SignalKind kind) => kind switch
    {
        SignalKind.Offer => "offer",
        SignalKind.Answer => "answer",
        _ => "candidate",
    };
}
