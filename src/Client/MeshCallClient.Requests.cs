namespace MeshCall.Client;

/// <summary>The requests of PROTOCOL.md's core: join, signal, broadcast, ping, stats, ack and leave.</summary>
public sealed partial class MeshCallClient
{
    /// <param name="lastSeq">With <paramref name="resumeToken"/>: the <c>seq</c> of the last event seen, so only what came after is replayed.</param>
    /// <remarks>
    /// In a room with a lobby a fresh join waits to be admitted: <see cref="WaitingInLobby"/> is raised with its
    /// <c>lobbyId</c>, and this completes once a moderator admits it, or throws <see cref="MeshCallException"/>
    /// <c>denied</c> (the connection stays open). Cancelling the wait does not withdraw the knock: dispose the client.
    /// </remarks>
    public async Task<JoinedRoom> JoinAsync(
        string room, string? name = null, string? resumeToken = null, string? token = null, long? lastSeq = null, CancellationToken cancellation = default)
    {
        var reply = await RequestAsync(new Dictionary<string, object?>
        {
            ["op"] = "join", ["room"] = room, ["name"] = name, ["resume"] = resumeToken, ["token"] = token, ["lastSeq"] = lastSeq,
        }, cancellation);
        var joined = JoinedRoom.Read(reply);
        PeerId = joined.PeerId;
        return joined;
    }

    /// <summary>Sends <paramref name="dataJson"/> (any JSON value, as text) to one member of the room.</summary>
    /// <param name="msgId">This sender's number for the signal: a retry with the same number is delivered once.</param>
    public Task SignalAsync(string to, string type, string dataJson, long? msgId = null, CancellationToken cancellation = default) =>
        RequestAsync(new Dictionary<string, object?> { ["op"] = "signal", ["to"] = to, ["type"] = type, ["data"] = Raw(dataJson), ["msgId"] = msgId }, cancellation);

    /// <summary>Sends <paramref name="dataJson"/> (any JSON value, as text) to every other member of the room.</summary>
    public Task BroadcastAsync(string dataJson, CancellationToken cancellation = default) =>
        RequestAsync(new Dictionary<string, object?> { ["op"] = "broadcast", ["data"] = Raw(dataJson) }, cancellation);

    public Task PingAsync() => RequestAsync(new Dictionary<string, object?> { ["op"] = "ping" });

    /// <summary>Reports this client's view of its connections (PROTOCOL.md <c>stats</c>); none by default.</summary>
    public Task StatsAsync(string peersJson = "[]") =>
        RequestAsync(new Dictionary<string, object?> { ["op"] = "stats", ["peers"] = Raw(peersJson) });

    /// <summary>
    /// Tells the server every event up to and including <paramref name="seq"/> has been handled, so it need not keep
    /// them for a resume (PROTOCOL.md <c>ack</c>). It is never answered, so this returns once it is sent; send it
    /// sparingly (<see cref="MeshCallSession"/> sends at most one per 250 ms), as it spends the request budget. It
    /// carries the <c>id</c> <c>"ack"</c>: a server older than acks answers it <c>invalid-message</c>, and that
    /// answer arrives on <see cref="Events"/> as a reply nobody awaited, told apart by its id.
    /// </summary>
    public Task AckAsync(long seq, CancellationToken cancellation = default) =>
        SendTextAsync($$"""{"op":"ack","id":"ack","seq":{{seq}}}""", cancellation);

    /// <summary>Leaves the room; the server then closes the connection.</summary>
    public Task LeaveAsync() => RequestAsync(new Dictionary<string, object?> { ["op"] = "leave" });

    private static RawValue Raw(string json) => new(json);
}
